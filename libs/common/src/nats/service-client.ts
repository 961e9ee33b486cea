import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import {
  COMMON_ERRORS,
  CORRELATION_HEADER,
  DEADLINE_HEADER,
  INTERNAL_RPC_PATH,
  INTERNAL_TOKEN_HEADER,
  isRpcErrorBody,
  RequestOf,
  ResponseOf,
  RpcEnvelope,
  RpcMessage,
  SERVICE_NAMES,
  ServiceName,
} from '@app/contracts';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, Subscription, timeout, TimeoutError } from 'rxjs';
import { BaseConfig } from '../config';
import { RequestContext } from '../context/request-context';
import { RemoteError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics.service';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/** Between attempts at the client's first NATS connection while NATS is unreachable. */
const CONNECT_RETRY_MS = 1000;

export interface RequestOptions {
  /** Overrides NATS_REQUEST_TIMEOUT_MS for this call. */
  timeoutMs?: number;
}

/** Subjects are `<service>.<...>`: the first segment names the service that answers. */
export function serviceOfSubject(subject: string): ServiceName | undefined {
  const prefix = subject.split('.', 1)[0];
  return (SERVICE_NAMES as readonly string[]).includes(prefix) ? (prefix as ServiceName) : undefined;
}

/**
 * The only way a process asks another service something: typed by the message descriptor, bounded
 * by a timeout, carrying the correlation id and the caller's deadline, and failing with a RemoteError
 * that holds the remote error body (or SERVICE_UNAVAILABLE / SERVICE_TIMEOUT when nobody answered).
 *
 * NATS carries the request while this process's NATS connection is up. While it is down the request
 * goes over HTTP to the service's /internal/rpc (same handler, same pipes and error contract), so a
 * NATS outage does not stop the API. It never sends the same request both ways: the choice is made
 * before sending, and a request NATS buffered during a reconnect is refused by its deadline.
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
    metrics.gauge('nats_client_connected', 'Whether requests to other services go over NATS (1) or the HTTP fallback (0)', [], (g) =>
      g.set(this.natsConnected ? 1 : 0),
    );
  }

  async onModuleInit(): Promise<void> {
    this.statusSubscription = this.client.status.subscribe((status) => {
      const connected = status === 'connected';
      if (connected !== this.natsConnected) this.logger.log(connected ? 'NATS connected: requests go over NATS' : 'NATS down: requests go over HTTP');
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
    const transport = this.natsConnected ? 'nats' : 'http';
    const stop = this.metrics.rpcRequested.startTimer({ subject: message.subject, transport });
    try {
      const result =
        transport === 'nats'
          ? await this.overNats<ResponseOf<M>>(message.subject, payload, deadline, ms)
          : await this.overHttp<ResponseOf<M>>(message.subject, payload, deadline, ms);
      stop({ outcome: 'ok' });
      return result;
    } catch (err) {
      const remote = this.toRemoteError(err, message.subject, ms);
      stop({ outcome: remote.code });
      throw remote;
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

  private async overHttp<T>(subject: string, payload: unknown, deadline: number, ms: number): Promise<T> {
    const service = serviceOfSubject(subject);
    if (!service) throw new Error(`No service answers ${subject} over HTTP`);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [INTERNAL_TOKEN_HEADER]: this.config.INTERNAL_RPC_TOKEN,
      [DEADLINE_HEADER]: String(deadline),
    };
    const correlationId = RequestContext.correlationId();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    const res = await fetch(`${this.config.serviceUrl(service)}/${INTERNAL_RPC_PATH}/${encodeURIComponent(subject)}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(payload ?? {}),
      signal: AbortSignal.timeout(ms),
    });
    if (res.status !== 200) {
      // A wrong INTERNAL_RPC_TOKEN or URL is the operator's problem, not the client's: unavailable.
      this.logger.warn(`HTTP fallback for ${subject} answered ${res.status}`);
      throw new Error(`HTTP fallback answered ${res.status}`);
    }
    const envelope = (await res.json()) as RpcEnvelope<T>;
    if ('err' in envelope) throw envelope.err;
    return envelope.response;
  }

  /**
   * One connection attempt at a time, at most one a second while NATS is unreachable (requests go
   * over HTTP meanwhile); once connected, the client reconnects by itself.
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
          if (this.nextConnectAt === 0) this.logger.warn(`NATS connect failed (${(err as Error).message}); requests go over HTTP, retrying every second`);
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
    clearInterval(this.retryTimer);
    this.statusSubscription?.unsubscribe();
    await this.client.close();
  }
}
