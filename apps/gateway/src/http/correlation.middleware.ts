import { RequestContext } from '@app/common';
import type { NextFunction, Request, Response } from 'express';

const ACCEPTABLE_ID = /^[\w.:-]{8,128}$/;

/** Every request runs under a correlation id (the caller's X-Request-Id if sane), echoed back. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  RequestContext.run(incoming && ACCEPTABLE_ID.test(incoming) ? incoming : undefined, () => {
    res.setHeader('X-Request-Id', RequestContext.correlationId() as string);
    next();
  });
}
