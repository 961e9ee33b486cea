import { Logger } from '@nestjs/common';
import { ConnectionOptions } from 'node:tls';
import { Client } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import { databaseName, migrationConnectionUrl, sslOptions, withDatabase } from './connection';
import { dataSourceOptions } from './data-source';
import { DbConfig } from './db.config';
import { MIGRATION_ROLE, migrationPassword, roleFor, rolePassword } from './roles';
import { PG_DUPLICATE_DATABASE, PG_DUPLICATE_OBJECT, pgCode } from './sql';

const log = new Logger('Migrations');

/**
 * Key of the advisory lock that serialises bootstraps. It is always taken in the `postgres`
 * database (advisory locks are per database) because roles are cluster-wide: two bootstraps of
 * different databases on one server must not ALTER the same role at once.
 */
const BOOTSTRAP_LOCK = 'intowork:bootstrap';

/**
 * Prepares a database for the services, as the admin user of `adminUrl`: creates the database if
 * missing, the extensions, the migration role (owner of every service schema) and per service its
 * login role with data rights only on its schema (closed to everybody else) and its search_path; the
 * monitoring functions. Idempotent; concurrent callers are serialised.
 */
export async function bootstrapDatabase(
  adminUrl: string,
  env: NodeJS.ProcessEnv = process.env,
  ssl: false | ConnectionOptions = false,
): Promise<void> {
  const database = databaseName(adminUrl);
  const server = new Client({ connectionString: withDatabase(adminUrl, 'postgres'), ssl });
  await server.connect();
  try {
    await server.query('SELECT pg_advisory_lock(hashtext($1))', [BOOTSTRAP_LOCK]);
    const found = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await server.query(`CREATE DATABASE ${server.escapeIdentifier(database)}`);
      } catch (err) {
        if (pgCode(err) !== PG_DUPLICATE_DATABASE) throw err; // created by someone not using our lock
      }
    }
    const target = new Client({ connectionString: adminUrl, ssl });
    await target.connect();
    try {
      await prepareDatabase(target, database, env);
    } finally {
      await target.end();
    }
  } finally {
    await server.end(); // ends the session, which releases the advisory lock
  }
}

/** Schema of the SECURITY DEFINER monitoring functions (owned by the migration role). */
export const MONITOR_SCHEMA = 'intowork_monitor';

/**
 * What the services' db-report needs from other roles' sessions (their state, and the statements of a
 * lock's blocker), which a runtime role without pg_read_all_stats cannot see: two functions running as
 * the migration role, scoped to the current database, each answering exactly the report's columns.
 */
const MONITOR_FUNCTIONS: { signature: string; sql: string }[] = [
  {
    signature: 'connections()',
    sql: `RETURNS TABLE (database name, usename name, state text, count integer) LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = pg_catalog AS $$
        SELECT datname, usename, state, count(*)::integer FROM pg_stat_activity
         WHERE datname = current_database() GROUP BY datname, usename, state $$`,
  },
  {
    signature: 'blocked_locks()',
    sql: `RETURNS TABLE (blocked_pid integer, blocked_user name, blocked_query text, blocking_pid integer, blocking_user name,
        blocking_query text, waiting_seconds float8) LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = pg_catalog AS $$
        SELECT a.pid, a.usename, a.query, b.pid, b.usename, b.query,
               extract(epoch FROM clock_timestamp() - a.query_start)::float8
          FROM pg_stat_activity a
          CROSS JOIN LATERAL unnest(pg_blocking_pids(a.pid)) AS blocker(pid)
          JOIN pg_stat_activity b ON b.pid = blocker.pid
         WHERE a.datname = current_database() $$`,
  },
];

async function prepareDatabase(db: Client, database: string, env: NodeJS.ProcessEnv): Promise<void> {
  const dbName = db.escapeIdentifier(database);
  const migrator = db.escapeIdentifier(MIGRATION_ROLE);
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
  await db.query('CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public');
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public');
  } catch (err) {
    log.warn(`pg_stat_statements not installed, query statistics unavailable: ${(err as Error).message}`);
  }
  // PostgreSQL 15 already denies CREATE on public to PUBLIC; databases from older clusters do not,
  // and a service role must not be able to create objects outside its schema.
  await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  const stats = (await db.query(`SELECT 1 FROM pg_roles WHERE rolname = 'pg_read_all_stats'`)).rowCount;

  // The migration role owns the schemas and runs the DDL; the services' roles only read and write rows.
  await ensureLoginRole(db, MIGRATION_ROLE, migrationPassword(env));
  await db.query(`GRANT CONNECT ON DATABASE ${dbName} TO ${migrator}`);
  if (stats) {
    // For the monitoring functions below (other roles' sessions). A managed server may not let the
    // admin grant it: the report then shows less of the other roles' sessions, nothing breaks.
    try {
      await db.query(`GRANT pg_read_all_stats TO ${migrator}`);
    } catch (err) {
      log.warn(`cannot grant pg_read_all_stats to ${MIGRATION_ROLE}: ${(err as Error).message}`);
    }
  }

  const runtimeRoles: string[] = [];
  for (const service of SERVICE_NAMES) {
    const role = db.escapeIdentifier(roleFor(service));
    const schema = db.escapeIdentifier(service);
    runtimeRoles.push(role);
    await ensureLoginRole(db, roleFor(service), rolePassword(service, env));
    await db.query(`GRANT CONNECT ON DATABASE ${dbName} TO ${role}`);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${migrator}`);
    // A database bootstrapped by an older version: the service's role owned its schema and tables.
    await db.query(`REASSIGN OWNED BY ${role} TO ${migrator}`);
    await db.query(`ALTER SCHEMA ${schema} OWNER TO ${migrator}`);
    // CREATE only, not ALL: a re-run while the service is up never takes its USAGE away, even briefly.
    await db.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
    await db.query(`REVOKE CREATE ON SCHEMA ${schema} FROM ${role}`);
    await db.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await db.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    // Tables and sequences the migrations create later get the same rights.
    await db.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    );
    await db.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA ${schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`);
    await db.query(`ALTER ROLE ${role} IN DATABASE ${dbName} SET search_path = ${schema}, public`);
    if (stats) {
      // Granted by older versions; the monitoring functions replace it. Roles are cluster-wide.
      await db.query(`REVOKE pg_read_all_stats FROM ${role}`);
    }
  }

  const monitor = db.escapeIdentifier(MONITOR_SCHEMA);
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${monitor} AUTHORIZATION ${migrator}`);
  await db.query(`ALTER SCHEMA ${monitor} OWNER TO ${migrator}`);
  await db.query(`REVOKE ALL ON SCHEMA ${monitor} FROM PUBLIC`);
  await db.query(`GRANT USAGE ON SCHEMA ${monitor} TO ${runtimeRoles.join(', ')}`);
  for (const fn of MONITOR_FUNCTIONS) {
    const name = `${monitor}.${fn.signature}`;
    await db.query(`CREATE OR REPLACE FUNCTION ${name} ${fn.sql}`);
    await db.query(`ALTER FUNCTION ${name} OWNER TO ${migrator}`);
    await db.query(`REVOKE ALL ON FUNCTION ${name} FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION ${name} TO ${runtimeRoles.join(', ')}`);
  }
}

/** Creates the role, or sets its password when it exists (roles are shared by every database). */
async function ensureLoginRole(db: Client, name: string, password: string): Promise<void> {
  const role = db.escapeIdentifier(name);
  const secret = db.escapeLiteral(password);
  const found = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  if (found.rowCount === 0) {
    try {
      await db.query(`CREATE ROLE ${role} LOGIN PASSWORD ${secret}`);
      return;
    } catch (err) {
      if (pgCode(err) !== PG_DUPLICATE_OBJECT) throw err; // created meanwhile by someone else
    }
  }
  await db.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${secret}`);
}

/**
 * Runs `work` with a migration executor for one service, logged in as the migration role, while
 * holding that service's migration advisory lock (so replicas starting together migrate once).
 * The executor runs on the very connection that holds the lock: the lock is per session, and
 * borrowing a second connection could wait forever on a pool of one.
 */
async function withMigrationLock<T>(
  service: ServiceName,
  config: DbConfig,
  env: NodeJS.ProcessEnv,
  work: (executor: MigrationExecutor) => Promise<T>,
): Promise<T> {
  const options = dataSourceOptions(service, config, env, migrationConnectionUrl(config, env)) as PostgresDataSourceOptions;
  // A migration (an index build) may rightly outlast the request statement timeout.
  const dataSource = new DataSource({ ...options, extra: { ...options.extra, statement_timeout: 0 } });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  const lockKey = `intowork:migrate:${service}`;
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return await work(executor);
    } finally {
      // Fails only on a broken session, which has released the lock already: keep the first error.
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

/** Applies the service's pending migrations, each in its own transaction; returns their names. */
export function migrateService(service: ServiceName, config: DbConfig, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  return withMigrationLock(service, config, env, async (executor) => (await executor.executePendingMigrations()).map((m) => m.name));
}

/** Reverts the service's last `steps` applied migrations (all by default); returns their names, newest first. */
export function revertService(
  service: ServiceName,
  config: DbConfig,
  env: NodeJS.ProcessEnv = process.env,
  steps = Infinity,
): Promise<string[]> {
  return withMigrationLock(service, config, env, async (executor) => {
    const reverted: string[] = [];
    while (reverted.length < steps) {
      const [latest] = await executor.getExecutedMigrations(); // newest first
      if (!latest) break;
      await executor.undoLastMigration();
      reverted.push(latest.name);
    }
    return reverted;
  });
}

export interface MigrationStatus {
  /** Oldest first. */
  applied: string[];
  pending: string[];
}

export function migrationStatus(service: ServiceName, config: DbConfig, env: NodeJS.ProcessEnv = process.env): Promise<MigrationStatus> {
  return withMigrationLock(service, config, env, async (executor) => ({
    applied: (await executor.getExecutedMigrations()).map((m) => m.name).reverse(),
    pending: (await executor.getPendingMigrations()).map((m) => m.name),
  }));
}

/** Bootstraps the database of DATABASE_URL, then migrates every service; returns what each applied. */
export async function migrateAll(config: DbConfig, env: NodeJS.ProcessEnv = process.env): Promise<Record<ServiceName, string[]>> {
  await bootstrapDatabase(config.DATABASE_URL, env, sslOptions(config));
  const applied = {} as Record<ServiceName, string[]>;
  for (const service of SERVICE_NAMES) applied[service] = await migrateService(service, config, env);
  return applied;
}
