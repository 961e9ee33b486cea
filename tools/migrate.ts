/**
 * Database migrations from the command line (`npm run migrate`, or node dist/tools/migrate.js):
 *   migrate.js                        bootstrap the database of DATABASE_URL, migrate every service
 *   migrate.js down <service> [steps] revert the service's last `steps` migrations (default 1)
 *   migrate.js status                 applied and pending migrations of every service
 * Exits 1 with a one-line (or config) message on any error.
 */
import 'reflect-metadata';
import { SERVICE_NAMES, ServiceName } from '@app/contracts';
import { loadConfig } from '@app/common/config'; // the config module only, not every runtime piece
import { DbConfig, migrateAll, migrationStatus, revertService } from '@app/db';

const USAGE = 'usage: migrate.js [up] | down <service> [steps] | status';

function list(names: string[]): string {
  return names.length ? names.join(', ') : 'none';
}

function parseService(value: string | undefined): ServiceName {
  if (!SERVICE_NAMES.includes(value as ServiceName)) {
    throw new Error(`unknown service "${value ?? ''}" (one of ${SERVICE_NAMES.join(', ')})\n${USAGE}`);
  }
  return value as ServiceName;
}

function parseSteps(value: string | undefined): number {
  if (value === undefined) return 1;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`steps must be a positive integer, got "${value}"\n${USAGE}`);
  return Number(value);
}

async function main(args: string[]): Promise<void> {
  const [command = 'up', ...rest] = args;
  const config = loadConfig(DbConfig);
  switch (command) {
    case 'up': {
      const applied = await migrateAll(config);
      for (const service of SERVICE_NAMES) console.log(`${service}: applied ${list(applied[service])}`);
      return;
    }
    case 'down': {
      const service = parseService(rest[0]);
      const reverted = await revertService(service, config, process.env, parseSteps(rest[1]));
      console.log(`${service}: reverted ${list(reverted)}`);
      return;
    }
    case 'status':
      for (const service of SERVICE_NAMES) {
        const { applied, pending } = await migrationStatus(service, config);
        console.log(`${service}: applied ${list(applied)}; pending ${list(pending)}`);
      }
      return;
    default:
      throw new Error(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`migrate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
