import { Inject, Injectable } from '@nestjs/common';
import { ServiceName } from '@app/contracts';
import { DbConfig } from '@app/db';
import { DataSource } from 'typeorm';
import { SERVICE_NAME } from '../events/outbox';
import { Metrics } from '../metrics/metrics.service';
import { cacheHitRatios } from './db-report.queries';
import { poolFigures } from './pool';

const STATEMENTS_RETRY_MS = 5 * 60 * 1000;

/**
 * Prometheus gauges of the service's pool (read from the pg Pool at scrape time), of its schema's
 * buffer cache hit ratio and of its slowest statement, for the alerts in ops/prometheus/alerts.yml.
 */
@Injectable()
export class PoolMetrics {
  constructor(@Inject(SERVICE_NAME) service: ServiceName, dataSource: DataSource, dbConfig: DbConfig, metrics: Metrics) {
    const figures = () => poolFigures(dataSource, dbConfig.DB_POOL_MAX);
    metrics.gauge('db_pool_max', 'Most connections the pool may open (DB_POOL_MAX; node-postgres has no overflow)', [], (g) =>
      g.set(figures().max),
    );
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
    // The seed's query-time thresholds (100 ms warning, 1 s critical) need per-statement times:
    // pg_stat_statements' slowest mean among this role's statements (0 when the extension is missing).
    // Without pg_stat_statements the query fails: ask again only every few minutes, not every scrape
    // (each failure is an ERROR line in the server's log).
    let statementsUnavailableUntil = 0;
    metrics.gauge(
      'db_statement_mean_seconds_max',
      "Slowest mean execution time among the service role's statements (pg_stat_statements)",
      [],
      async (g) => {
        if (!dataSource.isInitialized || Date.now() < statementsUnavailableUntil) return;
        try {
          const [row] = await dataSource.query(
            `SELECT coalesce(max(mean_exec_time), 0)::float8 / 1000 AS seconds FROM pg_stat_statements
            WHERE userid = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND calls >= 3`,
          );
          g.set(Number(row.seconds));
        } catch {
          statementsUnavailableUntil = Date.now() + STATEMENTS_RETRY_MS;
          g.set(0); // not available here: GET /api/admin/monitoring says why
        }
      },
    );
  }
}
