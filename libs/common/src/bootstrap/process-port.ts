import { PROCESS_PORTS, ProcessName } from '@app/contracts';
import { ConfigError } from '../config/load-config';

/** A process's HTTP port from `<NAME>_PORT` (GATEWAY_PORT, AUTH_PORT, ...), defaulting to PROCESS_PORTS. */
export function processPort(name: ProcessName, env: NodeJS.ProcessEnv = process.env): number {
  const variable = `${name.toUpperCase()}_PORT`;
  const raw = env[variable];
  if (raw === undefined || raw === '') return PROCESS_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([`${variable}: must be a port number 0..65535 (got "${raw}")`]);
  }
  return port;
}
