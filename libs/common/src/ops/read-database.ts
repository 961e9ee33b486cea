import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ServiceName } from '@app/contracts';
import { DbConfig, readDataSourceOptions } from '@app/db';
import { DataSource } from 'typeorm';
import { SERVICE_NAME } from '../events/outbox';
import { withRequestDeadlines } from './deadline-pool';

/**
 * Where read-only figures (dashboards, admin lists and totals) are queried: the read replica when
 * DB_READ_URL is set, else the primary. A replica lags by its replication delay (usually well under
 * a second), which these figures tolerate; anything read in order to write stays on the primary.
 */
@Injectable()
export class ReadDatabase implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReadDatabase.name);
  private replica?: DataSource;

  constructor(
    private readonly primary: DataSource,
    private readonly dbConfig: DbConfig,
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
  ) {}

  get dataSource(): DataSource {
    return this.replica ?? this.primary;
  }

  async onModuleInit(): Promise<void> {
    if (!this.dbConfig.DB_READ_URL) return;
    const replica = new DataSource(withRequestDeadlines(readDataSourceOptions(this.service, this.dbConfig)));
    await replica.initialize();
    this.replica = replica;
    this.logger.log(`${this.service}: dashboard and admin figures read from the replica`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.destroy();
  }
}
