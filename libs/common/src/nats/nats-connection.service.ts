import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { connect, Events, JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { BaseConfig } from '../config';
import { natsConnectionOptions } from './nats-options';
import { withTimeout } from '../async/with-timeout';

/** Between attempts at the first connection (afterwards the client reconnects by itself). */
const FIRST_CONNECT_RETRY_MS = 1000;

/**
 * The process's own NATS connection: its requests to other services (ServiceClient), JetStream
 * (events), live pushes and the readiness report (a service's handlers listen on the connection of
 * their @nestjs/microservices transport). Start-up does not wait for it: a process started
 * while NATS is down is live but not ready, and connects when NATS comes (`whenConnected`);
 * once connected, the client reconnects forever.
 */
@Injectable()
export class NatsConnectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsConnectionService.name);
  private nc?: NatsConnection;
  private stopped = false;
  /** False between a disconnect and the reconnect that follows it. */
  private up = false;
  private connected?: Promise<NatsConnection>;
  /** A service's request handlers: subscribed on NATS yet? (The gateway has none.) */
  private handlers: 'none' | 'pending' | 'subscribed' = 'none';

  constructor(
    private readonly config: BaseConfig,
    private readonly processName: string,
  ) {}

  onModuleInit(): void {
    this.whenConnected().catch(() => undefined);
  }

  /** EVENTS_STREAM_REPLICAS: how many servers keep the events stream. */
  get eventStreamReplicas(): number {
    return this.config.EVENTS_STREAM_REPLICAS;
  }

  /** Resolves with the connection once the first one is made (retried every second until then). */
  whenConnected(): Promise<NatsConnection> {
    this.connected ??= this.connectFirst();
    return this.connected;
  }

  private async connectFirst(): Promise<NatsConnection> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) throw new Error('shutting down');
      try {
        const nc = await connect(natsConnectionOptions(this.config, `${this.processName}-conn`));
        if (this.stopped) {
          await nc.close();
          throw new Error('shutting down');
        }
        this.nc = nc;
        this.up = true;
        void this.watchStatus(nc);
        if (attempt > 1) this.logger.log(`NATS connected after ${attempt} attempts`);
        return nc;
      } catch (err) {
        if (this.stopped) throw err;
        if (attempt === 1)
          this.logger.warn(`NATS unreachable (${(err as Error).message}); serving without it, retrying every ${FIRST_CONNECT_RETRY_MS} ms`);
        // unref: a pending retry must not keep a stopping process alive.
        await new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_RETRY_MS).unref());
      }
    }
  }

  /** Whether the first connection has been made (the client reconnects by itself afterwards). */
  get hasConnected(): boolean {
    return this.nc !== undefined;
  }

  get stopping(): boolean {
    return this.stopped;
  }

  /** Readiness waits for a service's handlers while NATS is up (bootstrapService marks them). */
  markHandlers(state: 'pending' | 'subscribed'): void {
    this.handlers = state;
  }

  get handlersPending(): boolean {
    return this.handlers === 'pending';
  }

  /** The connection; throws while the first one has not been made yet. */
  get connection(): NatsConnection {
    if (!this.nc) throw new Error('NATS not connected yet');
    return this.nc;
  }

  /** Whether the connection is up now (made, and not between a disconnect and its reconnect). */
  get isUp(): boolean {
    return this.nc !== undefined && this.up;
  }

  /** The connection when it is up now; throws at once while NATS is unreachable (for a caller that must not wait for it). */
  get liveConnection(): NatsConnection {
    if (!this.nc || !this.up) throw new Error('NATS is not connected');
    return this.nc;
  }

  jetstream(): JetStreamClient {
    return this.connection.jetstream();
  }

  jetstreamManager(): Promise<JetStreamManager> {
    return this.connection.jetstreamManager();
  }

  /** Round trip to the server, bounded: the readiness report. */
  async ping(timeoutMs: number): Promise<number> {
    const nc = this.connection;
    if (nc.isClosed()) throw new Error('NATS connection closed');
    return withTimeout(timeoutMs, () => nc.rtt(), `NATS did not answer within ${timeoutMs} ms`);
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect) this.up = false;
      if (status.type === Events.Reconnect) this.up = true;
      if (status.type === Events.Disconnect || status.type === Events.Reconnect) {
        this.logger.warn(`NATS ${status.type} (${typeof status.data === 'string' ? status.data : JSON.stringify(status.data)})`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    await nc.drain().catch(() => undefined);
    // A drain while NATS is down resolves with the client still reconnecting (its timers would keep
    // the process alive): close it for good.
    if (!nc.isClosed()) await nc.close();
  }
}
