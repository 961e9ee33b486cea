import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SERVICE_NAMES } from '@app/contracts';
import { databaseName, withDatabase } from './connection';
import { DbConfig } from './db.config';
import { bootstrapDatabase, migrateAll } from './migrate';
import { MIGRATION_PASSWORD_VAR, passwordVarFor } from './roles';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The test database guard: refuses any database whose name does not say it is a test one. */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!name.includes('test')) {
    throw new Error(`Refusing to use database "${name}" for tests: its name must contain "test"`);
  }
}

/**
 * The service roles' and the migration role's passwords for tests: generated once per test process into process.env (unless
 * already set there), because roles are shared by every database of the server, so every test
 * database and process of this run must agree. Nothing from the repository is a password.
 */
export function testRolePasswords(): Record<string, string> {
  const passwords: Record<string, string> = {};
  for (const name of [...SERVICE_NAMES.map(passwordVarFor), MIGRATION_PASSWORD_VAR]) {
    process.env[name] ||= randomBytes(32).toString('base64url');
    passwords[name] = process.env[name]!;
  }
  return passwords;
}

export interface TestDatabase {
  /** Admin URL of the new database (same user as TEST_DATABASE_URL). */
  url: string;
  name: string;
  /** A DbConfig pointing at the new database; services log in with their own roles. */
  config: DbConfig;
  /** Terminates the database's connections and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates a new, uniquely named database `intowork_test_<label>_<6 hex>` on the server of
 * TEST_DATABASE_URL (an admin URL), bootstraps it and, unless `migrate: false`, migrates every
 * service. Each test file gets its own database, so test files can run in parallel.
 */
export async function createTestDatabase(
  label: string,
  options: { migrate?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<TestDatabase> {
  const env = { ...testRolePasswords(), ...(options.env ?? process.env) };
  const adminUrl = env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  assertTestDatabase(adminUrl);
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 30);
  const name = `intowork_test_${safeLabel}_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  assertTestDatabase(url);
  const config = Object.assign(new DbConfig(), { DATABASE_URL: url });

  const drop = async (): Promise<void> => {
    const server = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
    await server.connect();
    try {
      await server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      // FORCE also covers a pool reconnecting between the terminate and the drop.
      await server.query(`DROP DATABASE IF EXISTS ${server.escapeIdentifier(name)} WITH (FORCE)`);
    } finally {
      await server.end();
    }
  };

  try {
    if (options.migrate === false) await bootstrapDatabase(url, env);
    else await migrateAll(config, env);
  } catch (err) {
    await drop();
    throw err;
  }
  return { url, name, config, drop };
}
