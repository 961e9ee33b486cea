import { ServiceName } from '@app/contracts';

/** The PostgreSQL role a service logs in as; it owns its schema and nothing else. */
export function roleFor(service: ServiceName): string {
  return `intowork_${service}`;
}

/** The environment variable holding a service role's password (AUTH_DB_PASSWORD, ...). */
export function passwordVarFor(service: ServiceName): string {
  return `${service.toUpperCase()}_DB_PASSWORD`;
}

/** Outside production a role gets a well-known development password; production must set it. */
export function rolePassword(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[passwordVarFor(service)];
  if (value) return value;
  if (env.NODE_ENV === 'production') {
    throw new Error(`${passwordVarFor(service)} must be set when NODE_ENV=production`);
  }
  return `${roleFor(service)}_dev`;
}
