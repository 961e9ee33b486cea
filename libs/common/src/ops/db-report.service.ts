import { Inject, Injectable } from '@nestjs/common';
import type { DbReport } from '@app/contracts';
import { ServiceName } from '@app/contracts';
import { DbConfig } from '@app/db';
import { DataSource } from 'typeorm';
import { BaseConfig } from '../config';
import { SERVICE_NAME } from '../events/outbox';
import { blockedLocks, cacheHitRatios, connections, indexUsage, slowQueries, tableSizes } from './db-report.queries';
import { poolFigures } from './pool';

export const DEFAULT_SLOW_MS = 100;

/** One service's database report for operators (OPS_DB_REPORT). */
@Injectable()
export class DbReportService {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly dbConfig: DbConfig,
    private readonly config: BaseConfig,
  ) {}

  async report(slowMs = DEFAULT_SLOW_MS): Promise<DbReport> {
    // Pool figures first: read before this report borrows a connection of its own.
    const pool = poolFigures(this.dataSource, this.dbConfig.DB_POOL_MAX);
    // One connection for the whole report, so monitoring never takes more than one from the pool.
    const runner = this.dataSource.createQueryRunner();
    try {
      const db = runner.manager;
      // Sizes need a lock on each table: behind a DDL's exclusive lock, give up instead of hanging.
      await runner.startTransaction('READ COMMITTED');
      await db.query(`SET LOCAL lock_timeout = '1s'`);
      const cache = await cacheHitRatios(db, this.service);
      return {
        service: this.service,
        instance: this.config.INSTANCE_ID ?? `${this.service}-${process.pid}`,
        generated_at: new Date().toISOString(),
        pool,
        cache_hit_ratio: cache.table,
        index_cache_hit_ratio: cache.index,
        table_sizes: await tableSizes(db, this.service),
        index_usage: await indexUsage(db, this.service),
        slow_queries: await slowQueries(db, slowMs),
        connections: await connections(db),
        locks: await blockedLocks(db),
      };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}
