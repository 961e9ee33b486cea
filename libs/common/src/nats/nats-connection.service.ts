import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { connect, JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { BaseConfig } from '../config';
import { natsConnectionOptions } from './nats-options';

/**
 * The process's own NATS connection for what @nestjs/microservices does not cover: JetStream
 * (events) and the readiness probe. Reconnects forever; start-up waits for the first connection.
 */
@Injectable()
export class NatsConnectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsConnectionService.name);
  private nc?: NatsConnection;

  constructor(
    private readonly config: BaseConfig,
    private readonly processName: string,
  ) {}

  async onModuleInit(): Promise<void> {
    this.nc = await connect({ ...natsConnectionOptions(this.config, `${this.processName}-conn`), waitOnFirstConnect: true });
    void this.watchStatus(this.nc);
  }

  get connection(): NatsConnection {
    if (!this.nc) throw new Error('NATS connection used before module init');
    return this.nc;
  }

  jetstream(): JetStreamClient {
    return this.connection.jetstream();
  }

  jetstreamManager(): Promise<JetStreamManager> {
    return this.connection.jetstreamManager();
  }

  /** Round trip to the server, bounded: the readiness check. */
  async ping(timeoutMs: number): Promise<number> {
    const nc = this.connection;
    if (nc.isClosed()) throw new Error('NATS connection closed');
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        nc.rtt(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`NATS did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        this.logger.warn(`NATS ${status.type} (${String(status.data)})`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.nc && !this.nc.isClosed()) await this.nc.drain().catch(() => this.nc?.close());
  }
}
