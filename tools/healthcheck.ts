/**
 * The container health check (Dockerfile HEALTHCHECK, docker-compose.yml): exits 0 when the process named by
 * SERVICE answers 200 on /health/ready at its port (<SERVICE>_PORT, else its default), 1 otherwise.
 * Only the one module with the ports is loaded, so it costs a fraction of a second every interval.
 */
import { PROCESS_PORTS, ProcessName } from '@app/contracts/services';

const service = (process.env.SERVICE || 'gateway') as ProcessName;
const port = process.env[`${service.toUpperCase()}_PORT`] || PROCESS_PORTS[service];
if (!port) {
  console.error(`healthcheck: unknown SERVICE "${service}"`);
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  (err: unknown) => {
    console.error(`healthcheck: ${(err as Error).message}`);
    process.exit(1);
  },
);
