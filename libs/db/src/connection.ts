import { readFileSync } from 'node:fs';
import { ServiceName } from '@app/contracts';
import { DbConfig } from './db.config';
import { MIGRATION_ROLE, migrationPassword, roleFor, rolePassword } from './roles';

/** TLS options for pg from DB_SSL / DB_SSL_CA. */
/** The subset of TLS options both pg and TypeORM accept. */
export type DbTlsOptions = { rejectUnauthorized: boolean; ca?: string };

export function sslOptions(config: DbConfig): false | DbTlsOptions {
  if (config.DB_SSL === 'disable') return false;
  if (config.DB_SSL === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(config.DB_SSL_CA ? { ca: readFileSync(config.DB_SSL_CA, 'utf8') } : {}) };
}

/** DATABASE_URL with the user and password replaced by the service's role. */
export function serviceConnectionUrl(service: ServiceName, config: DbConfig, env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(config.DATABASE_URL);
  url.username = roleFor(service);
  url.password = encodeURIComponent(rolePassword(service, env));
  return url.toString();
}

/** DATABASE_URL with the user and password replaced by the migration role (the owner of the schemas). */
export function migrationConnectionUrl(config: DbConfig, env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(config.DATABASE_URL);
  url.username = MIGRATION_ROLE;
  url.password = encodeURIComponent(migrationPassword(env));
  return url.toString();
}

/** DATABASE_URL pointed at another database on the same server (for bootstrap and tests). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
}
