import { ServiceName } from '@app/contracts';
import { DataSourceOptions } from 'typeorm';
import { serviceConnectionUrl, sslOptions } from './connection';
import { DbConfig } from './db.config';
import { MIGRATIONS } from './migrations';

/**
 * The one way a service's DataSource is built: its own role, its own schema, its own migrations
 * table, pool and timeouts from config. `synchronize` is never on: migrations own the schema.
 * No entities: TypeORM is the connection, migration and transaction layer; the services send SQL
 * through the sql.ts helpers (docs/architecture.md, "Database access").
 */
export function dataSourceOptions(
  service: ServiceName,
  config: DbConfig,
  env: NodeJS.ProcessEnv = process.env,
  /** Who logs in: the service's role by default; migrations pass the migration role's URL. */
  url: string = serviceConnectionUrl(service, config, env),
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: service,
    entities: [],
    migrations: MIGRATIONS[service],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    ssl: sslOptions(config),
    applicationName: `intowork-${service}`,
    poolSize: config.DB_POOL_MAX,
    connectTimeoutMS: config.DB_CONNECT_TIMEOUT_MS,
    extra: {
      min: config.DB_POOL_MIN,
      idleTimeoutMillis: config.DB_IDLE_TIMEOUT_MS,
      maxLifetimeSeconds: config.DB_MAX_LIFETIME_S,
      statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
      options: `-c search_path=${service},public`,
    },
  };
}

/**
 * The same service's DataSource on the read replica (DB_READ_URL): same role, schema and pool
 * settings, no migrations, and its own application_name so its sessions can be told apart.
 */
export function readDataSourceOptions(service: ServiceName, config: DbConfig, env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  if (!config.DB_READ_URL) throw new Error('DB_READ_URL is not set');
  const primary = dataSourceOptions(service, { ...config, DATABASE_URL: config.DB_READ_URL }, env);
  return { ...primary, migrations: [], applicationName: `intowork-${service}-read` } as DataSourceOptions;
}
