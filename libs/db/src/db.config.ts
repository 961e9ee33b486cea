import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Database settings shared by every data-owning service. DATABASE_URL names the server and database
 * (and the admin user that bootstraps roles and schemas); each service logs in as its own role.
 */
export class DbConfig {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be postgres://user[:password]@host:port/database' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/intowork';

  /** Most connections in one process's pool. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_MAX = 10;

  /** Connections kept open when idle. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(500)
  DB_POOL_MIN = 0;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  DB_CONNECT_TIMEOUT_MS = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  DB_IDLE_TIMEOUT_MS = 30000;

  /** A connection is recycled after this many seconds (0 = never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86400)
  DB_MAX_LIFETIME_S = 3600;

  /** Server-side statement_timeout for every session of the pool. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_STATEMENT_TIMEOUT_MS = 30000;

  /**
   * Counts that grow with a table (a job list's total, the dashboards' whole-board figures) are reused
   * this long per key (CountsCache); a service's own change forgets them at once. 0 counts every time.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300000)
  DB_COUNTS_TTL_MS = 10000;

  /** disable: plain TCP; require: TLS without checking the certificate; verify-full: TLS, certificate checked against DB_SSL_CA (or the system CAs). */
  @IsIn(['disable', 'require', 'verify-full'])
  DB_SSL: 'disable' | 'require' | 'verify-full' = 'disable';

  @IsOptional()
  @IsString()
  DB_SSL_CA?: string;

  /**
   * A read replica (hot standby) of the same database: the read-only dashboard and admin figures go
   * there (user and password are replaced by the service's role, as for DATABASE_URL). Unset: the primary.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DB_READ_URL must be postgres://host:port/database' })
  DB_READ_URL?: string;

  /** How often the service's maintenance runs (outbox purge, notification archiving), in seconds; 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(604800)
  DB_MAINTENANCE_INTERVAL_S = 3600;

  /** Published outbox rows older than this are deleted by the maintenance (the stream keeps its own copy). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 7;

  /** Parked events (poison, or failed 5 times) older than this are deleted by the maintenance; replay or fix them before. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  PARKED_EVENTS_RETENTION_DAYS = 30;

  /**
   * Run this service's migrations at start-up (under an advisory lock, so replicas may race safely). Off by
   * default: migrations run as the migration role (`npm run migrate`, the launcher, compose's migrate job),
   * whose password (MIGRATION_DB_PASSWORD) a service then needs too.
   */
  @IsIn(['true', 'false'])
  DB_MIGRATE_ON_START: 'true' | 'false' = 'false';
}
