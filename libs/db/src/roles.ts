import { ServiceName } from '@app/contracts';
import { ConfigError, secretProblem } from '@app/common/config'; // the config module only

/** Shortest role password accepted (the launcher and the test harness generate 32 random bytes). */
export const ROLE_PASSWORD_MIN_LENGTH = 16;

/** The PostgreSQL role a service logs in as: data rights (no DDL) on its own schema and nothing else. */
export function roleFor(service: ServiceName): string {
  return `intowork_${service}`;
}

/** The environment variable holding a service role's password (AUTH_DB_PASSWORD, ...). */
export function passwordVarFor(service: ServiceName): string {
  return `${service.toUpperCase()}_DB_PASSWORD`;
}

/** Why the role password in `env` is unusable (`AUTH_DB_PASSWORD is required ...`), or undefined. */
export function rolePasswordProblem(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const problem = secretProblem(env[passwordVarFor(service)], ROLE_PASSWORD_MIN_LENGTH);
  return problem && `${passwordVarFor(service)} ${problem}`;
}

/** A service role's password: always from the environment (no default in any NODE_ENV). */
export function rolePassword(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const problem = rolePasswordProblem(service, env);
  if (problem) throw new ConfigError([problem]);
  return env[passwordVarFor(service)]!;
}

/**
 * The role migrations run as: it owns every service schema and what is in it (DDL), and holds
 * pg_read_all_stats for the monitoring functions. No service process logs in as it.
 */
export const MIGRATION_ROLE = 'intowork_migrator';
/** The environment variable holding the migration role's password. */
export const MIGRATION_PASSWORD_VAR = 'MIGRATION_DB_PASSWORD';

/** Why the migration role's password in `env` is unusable, or undefined. */
export function migrationPasswordProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const problem = secretProblem(env[MIGRATION_PASSWORD_VAR], ROLE_PASSWORD_MIN_LENGTH);
  return problem && `${MIGRATION_PASSWORD_VAR} ${problem}`;
}

/** The migration role's password: always from the environment (no default in any NODE_ENV). */
export function migrationPassword(env: NodeJS.ProcessEnv = process.env): string {
  const problem = migrationPasswordProblem(env);
  if (problem) throw new ConfigError([problem]);
  return env[MIGRATION_PASSWORD_VAR]!;
}
