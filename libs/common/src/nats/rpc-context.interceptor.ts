import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { CORRELATION_HEADER } from '@app/contracts';
import { Observable } from 'rxjs';
import { RequestContext } from '../context/request-context';
import { Metrics } from '../metrics/metrics.service';

/**
 * Runs each NATS handler inside the caller's correlation id (from the message headers), so its
 * logs and its own outgoing requests carry it; and times the handler for /metrics.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const correlationId = nats.getHeaders?.()?.get(CORRELATION_HEADER) || undefined;
    const subject = nats.getSubject();
    const stop = this.metrics.rpcHandled.startTimer({ subject });
    return new Observable((subscriber) =>
      RequestContext.run(correlationId, () =>
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
      ),
    );
  }
}
