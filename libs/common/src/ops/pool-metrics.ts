import { Inject, Injectable } from '@nestjs/common';
import { ServiceName } from '@app/contracts';
import { DbConfig } from '@app/db';
import { DataSource } from 'typeorm';
import { SERVICE_NAME } from '../events/outbox';
import { Metrics } from '../metrics/metrics.service';
import { cacheHitRatios } from './db-report.queries';
import { poolFigures } from './pool';

/**
 * Prometheus gauges of the service's pool (read from the pg Pool at scrape time) and of its schema's
 * buffer cache hit ratio, for the alerts in ops/prometheus/alerts.yml.
 */
@Injectable()
export class PoolMetrics {
  constructor(
    @Inject(SERVICE_NAME) service: ServiceName,
    dataSource: DataSource,
    dbConfig: DbConfig,
    metrics: Metrics,
  ) {
    const figures = () => poolFigures(dataSource, dbConfig.DB_POOL_MAX);
    metrics.gauge('db_pool_max', 'Most connections the pool may open (DB_POOL_MAX; node-postgres has no overflow)', [], (g) => g.set(figures().max));
    metrics.gauge('db_pool_connections', 'Open connections of the pool', [], (g) => g.set(figures().total));
    metrics.gauge('db_pool_in_use', 'Connections lent out', [], (g) => g.set(figures().in_use));
    metrics.gauge('db_pool_idle', 'Open connections waiting to be lent', [], (g) => g.set(figures().idle));
    metrics.gauge('db_pool_waiting', 'Queries waiting for a connection (> 0: pool exhausted)', [], (g) => g.set(figures().waiting));
    metrics.gauge('db_cache_hit_ratio', "Share of the schema's table block reads served from shared buffers", [], async (g) => {
      if (!dataSource.isInitialized) return;
      try {
        const { table } = await cacheHitRatios(dataSource.manager, service);
        if (table !== null) g.set(table);
      } catch {
        // a scrape must not fail because the database is away; /health/ready says so
      }
    });
  }
}
