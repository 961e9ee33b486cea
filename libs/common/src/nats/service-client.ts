import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import {
  COMMON_ERRORS,
  CORRELATION_HEADER,
  isRpcErrorBody,
  RequestOf,
  ResponseOf,
  RpcMessage,
} from '@app/contracts';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { BaseConfig } from '../config';
import { RequestContext } from '../context/request-context';
import { RemoteError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics.service';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

export interface RequestOptions {
  /** Overrides NATS_REQUEST_TIMEOUT_MS for this call. */
  timeoutMs?: number;
}

/**
 * The only way a process asks another service something: typed by the message descriptor, bounded
 * by a timeout, carrying the correlation id, and failing with a RemoteError that holds the
 * remote error body (or SERVICE_UNAVAILABLE / SERVICE_TIMEOUT when nobody answered).
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    private readonly config: BaseConfig,
    private readonly metrics: Metrics,
  ) {}

  async request<M extends RpcMessage<unknown, unknown>>(
    message: M,
    payload: RequestOf<M>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<M>> {
    const headers = natsHeaders();
    const correlationId = RequestContext.correlationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    const ms = options.timeoutMs ?? this.config.NATS_REQUEST_TIMEOUT_MS;
    const stop = this.metrics.rpcRequested.startTimer({ subject: message.subject });
    try {
      const result = await firstValueFrom(this.client.send<ResponseOf<M>>(message.subject, record).pipe(timeout(ms)));
      stop({ outcome: 'ok' });
      return result;
    } catch (err) {
      const remote = this.toRemoteError(err, message.subject, ms);
      stop({ outcome: remote.code });
      throw remote;
    }
  }

  private toRemoteError(err: unknown, subject: string, ms: number): RemoteError {
    if (isRpcErrorBody(err)) return new RemoteError(err, subject);
    if (err instanceof TimeoutError) {
      return new RemoteError(
        { code: COMMON_ERRORS.SERVICE_TIMEOUT.code, message: `No answer on ${subject} within ${ms} ms` },
        subject,
      );
    }
    return new RemoteError(
      { code: COMMON_ERRORS.SERVICE_UNAVAILABLE.code, message: `Messaging unavailable for ${subject}` },
      subject,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
