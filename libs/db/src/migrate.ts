import { Logger } from '@nestjs/common';
import { ConnectionOptions } from 'node:tls';
import { Client } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import { databaseName, sslOptions, withDatabase } from './connection';
import { dataSourceOptions } from './data-source';
import { DbConfig } from './db.config';
import { roleFor, rolePassword } from './roles';
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
 * missing, the extensions, and per service its login role, its schema (owned by that role, closed
 * to everybody else) and its search_path. Idempotent; concurrent callers are serialised.
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

async function prepareDatabase(db: Client, database: string, env: NodeJS.ProcessEnv): Promise<void> {
  const dbName = db.escapeIdentifier(database);
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
  const stats = await db.query(`SELECT 1 FROM pg_roles WHERE rolname = 'pg_read_all_stats'`);

  for (const service of SERVICE_NAMES) {
    const role = db.escapeIdentifier(roleFor(service));
    const schema = db.escapeIdentifier(service);
    await ensureLoginRole(db, roleFor(service), rolePassword(service, env));
    await db.query(`GRANT CONNECT ON DATABASE ${dbName} TO ${role}`);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role}`);
    await db.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
    await db.query(`ALTER ROLE ${role} IN DATABASE ${dbName} SET search_path = ${schema}, public`);
    if (stats.rowCount) {
      // Lets a service read pg_stat_statements / pg_stat_activity for every role (monitoring).
      // A managed server may not let the admin grant it: monitoring is then limited, not broken.
      try {
        await db.query(`GRANT pg_read_all_stats TO ${role}`);
      } catch (err) {
        log.warn(`cannot grant pg_read_all_stats to ${roleFor(service)}: ${(err as Error).message}`);
      }
    }
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
 * Runs `work` with a migration executor for one service, logged in as the service's role, while
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
  const options = dataSourceOptions(service, config, env) as PostgresDataSourceOptions;
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
export function migrateService(
  service: ServiceName,
  config: DbConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  return withMigrationLock(service, config, env, async (executor) =>
    (await executor.executePendingMigrations()).map((m) => m.name),
  );
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

export function migrationStatus(
  service: ServiceName,
  config: DbConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<MigrationStatus> {
  return withMigrationLock(service, config, env, async (executor) => ({
    applied: (await executor.getExecutedMigrations()).map((m) => m.name).reverse(),
    pending: (await executor.getPendingMigrations()).map((m) => m.name),
  }));
}

/** Bootstraps the database of DATABASE_URL, then migrates every service; returns what each applied. */
export async function migrateAll(
  config: DbConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<ServiceName, string[]>> {
  await bootstrapDatabase(config.DATABASE_URL, env, sslOptions(config));
  const applied = {} as Record<ServiceName, string[]>;
  for (const service of SERVICE_NAMES) applied[service] = await migrateService(service, config, env);
  return applied;
}
