import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { COMMON_ERRORS, CORRELATION_HEADER, DEADLINE_HEADER } from '@app/contracts';
import { Observable, throwError } from 'rxjs';
import { DomainError } from '../errors/domain-error';
import { RequestContext } from '../context/request-context';
import { Metrics } from '../metrics/metrics.service';

/** Allowance for clock differences between hosts when comparing a caller's deadline with ours. */
const DEADLINE_GRACE_MS = 1000;

/**
 * Runs each NATS handler inside the caller's correlation id (from the message headers), so its
 * logs and its own outgoing requests carry it; times the handler for /metrics; and refuses a
 * request that arrives after its caller's deadline (DEADLINE_HEADER). The deadline stays in the
 * request context: the handler's database work (DeadlinePool) and its own requests are bounded by it.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger(RpcContextInterceptor.name);

  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const correlationId = nats.getHeaders?.()?.get(CORRELATION_HEADER) || undefined;
    const subject = nats.getSubject();
    const deadline = Number(nats.getHeaders?.()?.get(DEADLINE_HEADER) || NaN);
    if (deadline + DEADLINE_GRACE_MS < Date.now()) {
      this.logger.warn(
        `${subject} arrived ${Date.now() - deadline} ms after its caller's deadline: not run (if this is constant, check the hosts' clocks)`,
      );
      this.metrics.rpcHandled.observe({ subject, outcome: 'expired' }, 0);
      return throwError(() => new DomainError(COMMON_ERRORS.SERVICE_TIMEOUT, `${subject} arrived after its caller stopped waiting`));
    }
    const stop = this.metrics.rpcHandled.startTimer({ subject });
    return new Observable((subscriber) =>
      RequestContext.run(
        correlationId,
        () =>
          next.handle().subscribe({
            next: (value) => subscriber.next(value),
            error: (err) => {
              stop({ outcome: 'error' });
              subscriber.error(err);
            },
            complete: () => {
              stop({ outcome: 'ok' });
              subscriber.complete();
            },
          }),
        deadline,
      ),
    );
  }
}
