import type { DbPoolFigures } from '@app/contracts';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The counters node-postgres keeps on its Pool (the one behind TypeORM's DataSource). */
interface PgPoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * In use, idle and waiting connections of the service's pool. node-postgres has no overflow: `max`
 * (DB_POOL_MAX) is the hard cap and further requests wait (`waiting` > 0 = pool exhausted).
 */
export function poolFigures(dataSource: DataSource, max: number): DbPoolFigures {
  const pool = (dataSource.driver as PostgresDriver).master as PgPoolCounters | undefined;
  const total = pool?.totalCount ?? 0;
  const idle = pool?.idleCount ?? 0;
  return { max, total, in_use: total - idle, idle, waiting: pool?.waitingCount ?? 0 };
}
