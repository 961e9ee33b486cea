import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { COMMON_ERRORS, CORRELATION_HEADER, DEADLINE_HEADER, isRpcErrorBody, RequestOf, ResponseOf, RpcMessage } from '@app/contracts';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, Subscription, timeout, TimeoutError } from 'rxjs';
import { BaseConfig } from '../config';
import { RequestContext } from '../context/request-context';
import { RemoteError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics.service';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/** Between attempts at the client's first NATS connection while NATS is unreachable. */
const CONNECT_RETRY_MS = 1000;
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
export class ServiceClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ServiceClient.name);
  private natsConnected = false;
  private connecting?: Promise<void>;
  private nextConnectAt = 0;
  private retryTimer?: NodeJS.Timeout;
  private statusSubscription?: Subscription;

  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    private readonly config: BaseConfig,
    private readonly metrics: Metrics,
  ) {
    metrics.gauge('nats_client_connected', 'Whether this process can send requests to other services (1: connected to NATS)', [], (g) =>
      g.set(this.natsConnected ? 1 : 0),
    );
  }

  async onModuleInit(): Promise<void> {
    this.statusSubscription = this.client.status.subscribe((status) => {
      const connected = status === 'connected';
      if (connected !== this.natsConnected)
        this.logger.log(
          connected ? 'NATS connected' : 'NATS down: requests to other services fail with SERVICE_UNAVAILABLE until it is back',
        );
      this.natsConnected = connected;
    });
    await this.connect();
    // Until the first connection is made (a process started during an outage), keep trying.
    this.retryTimer = setInterval(() => {
      if (!this.natsConnected) void this.connect();
    }, CONNECT_RETRY_MS).unref();
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
      if (!this.natsConnected) throw new Error('NATS is not connected');
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
        return await this.overNats<T>(subject, payload, deadline, Math.max(1, deadline - Date.now()));
      } catch (err) {
        const pause = NO_RESPONDERS_PAUSES_MS[Math.min(attempt, NO_RESPONDERS_PAUSES_MS.length - 1)];
        if (!isNoResponders(err) || !this.natsConnected || Date.now() + pause >= giveUpAt) throw err;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async overNats<T>(subject: string, payload: unknown, deadline: number, ms: number): Promise<T> {
    const headers = natsHeaders();
    const correlationId = RequestContext.correlationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    headers.set(DEADLINE_HEADER, String(deadline));
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    return firstValueFrom(this.client.send<T>(subject, record).pipe(timeout(ms)));
  }

  /**
   * One connection attempt at a time, at most one a second while NATS is unreachable; once
   * connected, the client reconnects by itself.
   */
  private connect(): Promise<void> {
    if (this.connecting) return this.connecting;
    if (Date.now() < this.nextConnectAt) return Promise.resolve();
    this.connecting = this.client
      .connect()
      .then(
        () => {
          this.nextConnectAt = 0;
        },
        (err: unknown) => {
          // Logged once per outage, not once a second.
          if (this.nextConnectAt === 0) this.logger.warn(`NATS connect failed (${(err as Error).message}); retrying every second`);
          this.nextConnectAt = Date.now() + CONNECT_RETRY_MS;
        },
      )
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  private toRemoteError(err: unknown, subject: string, ms: number): RemoteError {
    if (isRpcErrorBody(err)) return new RemoteError(err, subject);
    if (err instanceof TimeoutError || (err as Error)?.name === 'TimeoutError') {
      return new RemoteError({ code: COMMON_ERRORS.SERVICE_TIMEOUT.code, message: `No answer on ${subject} within ${ms} ms` }, subject);
    }
    return new RemoteError({ code: COMMON_ERRORS.SERVICE_UNAVAILABLE.code, message: `Messaging unavailable for ${subject}` }, subject);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.retryTimer);
    this.statusSubscription?.unsubscribe();
    await this.client.close();
  }
}

/** Nest's NATS client reports "no responders" (an empty reply) as an EmptyResponseException, which it does not export. */
function isNoResponders(err: unknown): boolean {
  return (err as Error)?.constructor?.name === 'EmptyResponseException';
}
