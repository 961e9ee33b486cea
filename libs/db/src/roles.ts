import { ServiceName } from '@app/contracts';
import { ConfigError, secretProblem } from '@app/common/config'; // the config module only

/** Shortest role password accepted (the launcher and the test harness generate 32 random bytes). */
export const ROLE_PASSWORD_MIN_LENGTH = 16;

/** The PostgreSQL role a service logs in as; it owns its schema and nothing else. */
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
