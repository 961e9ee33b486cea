import type { DbReport } from '@app/contracts';
import { EntityManager } from 'typeorm';

/**
 * The seed analysis's monitoring queries (cache hit ratio, table and index sizes, index usage, slow
 * statements, connections, locks), each scoped to one service: its schema, its role, its database.
 * A service role has no pg_read_all_stats: its own statements are visible to it, and other roles'
 * sessions (connections, locks) come through the bootstrap's SECURITY DEFINER functions in
 * intowork_monitor (libs/db migrate.ts), which answer only the current database.
 */

const num = (v: unknown): number => Number(v ?? 0);
const ratio = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10000) / 10000);
/** A text column that may be NULL. */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export async function cacheHitRatios(db: EntityManager, schema: string): Promise<{ table: number | null; index: number | null }> {
  const [row] = await db.query(
    `SELECT (SELECT sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0)
               FROM pg_statio_user_tables WHERE schemaname = $1) AS table_ratio,
            (SELECT sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0)
               FROM pg_statio_user_indexes WHERE schemaname = $1) AS index_ratio`,
    [schema],
  );
  return { table: ratio(row.table_ratio), index: ratio(row.index_ratio) };
}

export async function tableSizes(db: EntityManager, schema: string): Promise<DbReport['table_sizes']> {
  const rows = await db.query(
    `SELECT c.relname AS table, pg_total_relation_size(c.oid) AS total_bytes, pg_relation_size(c.oid) AS table_bytes,
            pg_indexes_size(c.oid) AS index_bytes, pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
            greatest(c.reltuples, 0)::bigint AS row_estimate
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY pg_total_relation_size(c.oid) DESC, c.relname LIMIT 20`,
    [schema],
  );
  return rows.map((r: Record<string, unknown>) => ({
    table: String(r.table),
    total_bytes: num(r.total_bytes),
    table_bytes: num(r.table_bytes),
    index_bytes: num(r.index_bytes),
    total_size: String(r.total_size),
    row_estimate: num(r.row_estimate),
  }));
}

export async function indexUsage(db: EntityManager, schema: string): Promise<DbReport['index_usage']> {
  const rows = await db.query(
    `SELECT relname AS table, indexrelname AS index, idx_scan AS scans,
            pg_relation_size(indexrelid) AS size_bytes, pg_size_pretty(pg_relation_size(indexrelid)) AS size
       FROM pg_stat_user_indexes WHERE schemaname = $1
      ORDER BY idx_scan DESC, indexrelname LIMIT 50`,
    [schema],
  );
  return rows.map((r: Record<string, unknown>) => ({
    table: String(r.table),
    index: String(r.index),
    scans: num(r.scans),
    size_bytes: num(r.size_bytes),
    size: String(r.size),
  }));
}

/**
 * The role's statements whose mean time is above `slowMs`, from pg_stat_statements when the server has
 * it. Runs inside the caller's transaction, under a savepoint, so "not loaded" does not abort it.
 */
export async function slowQueries(db: EntityManager, slowMs: number): Promise<DbReport['slow_queries']> {
  const base = { threshold_ms: slowMs, statements: [] };
  const [ext] = await db.query(`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_stat_statements'`);
  if (!ext) {
    return {
      available: false,
      reason: 'the pg_stat_statements extension is not created in this database (the bootstrap could not create it)',
      ...base,
    };
  }
  await db.query('SAVEPOINT intowork_slow_queries');
  try {
    const rows = await db.query(
      `SELECT s.query, s.calls, s.mean_exec_time AS mean_ms, s.max_exec_time AS max_ms, s.total_exec_time AS total_ms, s.rows
         FROM ${ext.schema}.pg_stat_statements s
        WHERE s.userid = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND s.mean_exec_time > $1
        ORDER BY s.mean_exec_time DESC LIMIT 10`,
      [slowMs],
    );
    await db.query('RELEASE SAVEPOINT intowork_slow_queries');
    return {
      available: true,
      threshold_ms: slowMs,
      statements: rows.map((r: Record<string, unknown>) => ({
        query: String(r.query).slice(0, 2000),
        calls: num(r.calls),
        mean_ms: Math.round(num(r.mean_ms) * 1000) / 1000,
        max_ms: Math.round(num(r.max_ms) * 1000) / 1000,
        total_ms: Math.round(num(r.total_ms) * 1000) / 1000,
        rows: num(r.rows),
      })),
    };
  } catch (err) {
    // Typically: "pg_stat_statements must be loaded via shared_preload_libraries".
    await db.query('ROLLBACK TO SAVEPOINT intowork_slow_queries');
    return { available: false, reason: `pg_stat_statements is not usable: ${(err as Error).message}`, ...base };
  }
}

export async function connections(db: EntityManager): Promise<DbReport['connections']> {
  const rows = await db.query(
    `SELECT database, coalesce(usename, '') AS user, coalesce(state, 'unknown') AS state, count
       FROM intowork_monitor.connections() ORDER BY usename, state`,
  );
  return rows.map((r: Record<string, unknown>) => ({
    database: String(r.database),
    user: String(r.user),
    state: String(r.state),
    count: num(r.count),
  }));
}

/** Sessions waiting on a lock, each with the session that blocks it. */
export async function blockedLocks(db: EntityManager): Promise<DbReport['locks']> {
  const rows = await db.query(`SELECT * FROM intowork_monitor.blocked_locks() ORDER BY waiting_seconds DESC LIMIT 50`);
  return rows.map((r: Record<string, unknown>) => ({
    blocked_pid: num(r.blocked_pid),
    blocked_user: text(r.blocked_user),
    blocked_query: text(r.blocked_query).slice(0, 1000),
    blocking_pid: num(r.blocking_pid),
    blocking_user: text(r.blocking_user),
    blocking_query: text(r.blocking_query).slice(0, 1000),
    waiting_seconds: Math.round(num(r.waiting_seconds) * 1000) / 1000,
  }));
}
