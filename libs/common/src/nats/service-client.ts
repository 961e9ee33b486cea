import { Injectable } from '@nestjs/common';
import { COMMON_ERRORS, CORRELATION_HEADER, DEADLINE_HEADER, isRpcErrorBody, RequestOf, ResponseOf, RpcMessage } from '@app/contracts';
import { ErrorCode, headers as natsHeaders, NatsError } from 'nats';
import { BaseConfig } from '../config';
import { RequestContext } from '../context/request-context';
import { RemoteError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics.service';
import { NatsConnectionService } from './nats-connection.service';
import { requestHandler } from './handler-request';

/**
 * NATS's "no responders": the request reached no handler, so asking again cannot run it twice. It lasts
 * a moment when a service's NATS server is lost (the service resubscribes through another) or its only
 * replica restarts, so the request is asked again with these pauses, for at most NO_RESPONDERS_WAIT_MS.
 */
const NO_RESPONDERS_PAUSES_MS = [50, 100, 200, 400];
const NO_RESPONDERS_WAIT_MS = 1500;

export interface RequestOptions {
  /** Overrides NATS_REQUEST_TIMEOUT_MS for this call. */
  timeoutMs?: number;
}

/**
 * The only way a process asks another service something: typed by the message descriptor, bounded
 * by a timeout, carrying the correlation id and the caller's deadline, and failing with a RemoteError
 * that holds the remote error body (or SERVICE_UNAVAILABLE / SERVICE_TIMEOUT when nobody answered).
 * Requests travel on NATS only (a cluster for high availability, see docs/architecture.md "One bus"): while
 * this process's connection is down a request fails at once with SERVICE_UNAVAILABLE instead of
 * waiting to be buffered, and one NATS buffered during a reconnect is refused by its deadline.
 */
@Injectable()
export class ServiceClient {
  constructor(
    private readonly nats: NatsConnectionService,
    private readonly config: BaseConfig,
    private readonly metrics: Metrics,
  ) {
    metrics.gauge('nats_client_connected', 'Whether this process can send requests to other services (1: connected to NATS)', [], (g) =>
      g.set(nats.isUp ? 1 : 0),
    );
  }

  async request<M extends RpcMessage<unknown, unknown>>(
    message: M,
    payload: RequestOf<M>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<M>> {
    // Within a handled request, never wait longer than its own caller does.
    const remaining = RequestContext.remainingMs();
    const ms = Math.max(1, Math.min(options.timeoutMs ?? this.config.NATS_REQUEST_TIMEOUT_MS, remaining ?? Infinity));
    const deadline = Date.now() + ms;
    const stop = this.metrics.rpcRequested.startTimer({ subject: message.subject });
    try {
      const result = await this.untilAnswered<ResponseOf<M>>(message.subject, payload, deadline);
      stop({ outcome: 'ok' });
      return result;
    } catch (err) {
      const remote = this.toRemoteError(err, message.subject, ms);
      stop({ outcome: remote.code });
      throw remote;
    }
  }

  /** overNats, asked again while nobody subscribes (see NO_RESPONDERS_PAUSES_MS) and the deadline allows. */
  private async untilAnswered<T>(subject: string, payload: unknown, deadline: number): Promise<T> {
    const giveUpAt = Math.min(deadline, Date.now() + NO_RESPONDERS_WAIT_MS);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.overNats<T>(subject, payload, deadline);
      } catch (err) {
        const pause = NO_RESPONDERS_PAUSES_MS[Math.min(attempt, NO_RESPONDERS_PAUSES_MS.length - 1)];
        if (!isNoResponders(err) || !this.nats.isUp || Date.now() + pause >= giveUpAt) throw err;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** One request on the process's connection (requestHandler: one shared inbox, Nest's packet). */
  private async overNats<T>(subject: string, payload: unknown, deadline: number): Promise<T> {
    // Fails at once while NATS is down, rather than waiting to be buffered.
    const nc = this.nats.liveConnection;
    const headers = natsHeaders();
    const correlationId = RequestContext.correlationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    headers.set(DEADLINE_HEADER, String(deadline));
    const answer = await requestHandler<T>(nc, subject, payload, { timeout: Math.max(1, deadline - Date.now()), headers });
    if ('err' in answer) throw this.toRemoteError(answer.err, subject, 0);
    return answer.response;
  }

  private toRemoteError(err: unknown, subject: string, ms: number): RemoteError {
    if (err instanceof RemoteError) return err;
    // A NatsError has a code and a message too: it is ours (nobody answered), never a remote error body.
    if (!(err instanceof NatsError) && isRpcErrorBody(err)) return new RemoteError(err, subject);
    if (isNatsError(err, ErrorCode.Timeout)) {
      return new RemoteError({ code: COMMON_ERRORS.SERVICE_TIMEOUT.code, message: `No answer on ${subject} within ${ms} ms` }, subject);
    }
    return new RemoteError({ code: COMMON_ERRORS.SERVICE_UNAVAILABLE.code, message: `Messaging unavailable for ${subject}` }, subject);
  }
}

function isNoResponders(err: unknown): boolean {
  return isNatsError(err, ErrorCode.NoResponders);
}

function isNatsError(err: unknown, code: ErrorCode): boolean {
  return err instanceof NatsError && err.code === (code as string);
}
