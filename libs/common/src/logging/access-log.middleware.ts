import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { CORRELATION_HEADER } from '@app/contracts';
import { RequestContext } from '../context/request-context';

/** Probes and scrapes are never access-logged, whatever the level. */
export function isProbePath(url: string): boolean {
  return url.startsWith('/health') || url === '/metrics';
}

/**
 * The access log, made cheap: at `info` only the requests that failed (5xx, `error`) or were slow
 * (at least `slowMs`, `warn`) are logged; every request only at `debug`. Nothing is built for a
 * request that is not logged (pino-http made two child loggers per request to log it at info).
 * Each line carries the request's correlation id, taken when the request arrives (the gateway's
 * correlation context, or the caller's header on a service's HTTP side), and the usual shape:
 * `req {method, url}`, `res {statusCode}`, `responseTime` (ms); `aborted` when the client left first.
 */
export function accessLogMiddleware(logger: Logger, slowMs: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isProbePath(req.url)) return next();
    const start = performance.now();
    const correlationId = RequestContext.correlationId() ?? req.headers[CORRELATION_HEADER] ?? req.headers['x-request-id'];
    res.once('close', () => {
      const responseTime = Math.round(performance.now() - start);
      const failed = res.statusCode >= 500;
      const slow = responseTime >= slowMs;
      const level = failed ? 'error' : slow ? 'warn' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      const aborted = !res.writableFinished;
      logger[level](
        {
          correlation_id: correlationId,
          req: { method: req.method, url: req.originalUrl },
          res: { statusCode: res.statusCode },
          responseTime,
          ...(aborted ? { aborted: true } : {}),
        },
        failed ? 'request errored' : aborted ? 'request aborted' : slow ? 'slow request' : 'request completed',
      );
    });
    next();
  };
}
