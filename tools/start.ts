/**
 * `npm start`: the whole system on this machine, from a fresh clone after `npm ci`.
 *
 *   1. one launcher at a time (.data/start.pid, and the processes' ports must be free); the secrets
 *      the processes require, generated on the first run into .data/secrets.env (0600) and reused;
 *   2. a database: DATABASE_URL, else PostgreSQL on 127.0.0.1:5432 (user postgres), else an embedded
 *      PostgreSQL 15 in .data/postgres on port 54329;
 *   3. NATS with JetStream: NATS_URL, else with NATS_CLUSTER=3 a local 3-node cluster (stores .data/nats-cluster,
 *      events stream on 3 servers), else 127.0.0.1:4222, else a nats-server started on 4222 (store .data/nats);
 *   4. migrations (roles, schemas, every service's migrations);
 *   5. the four services, then the gateway, each logging to .data/logs/<name>.log, each waited for
 *      until /health/ready answers 200; then one line per process.
 * Ctrl-C or SIGTERM stops the processes (gateway first), then what this launcher started, and exits 0.
 * A process that ends on its own stops everything, with its last log lines, and exit code 1.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { GATEWAY_METRICS_PORT, natsInboxPrefix, PROCESS_PORTS, ProcessName, SERVICE_NAMES } from '@app/contracts';
import { natsLoginFromEnv } from './lib/nats-rpc';
import { ConfigError, loadConfig } from '@app/common/config'; // the config module only, not every runtime piece
import { DbConfig, migrateAll, withDatabase } from '@app/db';
import { natsCredentialsEnv, natsUsersFrom } from './lib/nats-auth';
import {
  findNatsServerBinary,
  NatsClusterHandle,
  natsServerNotFoundMessage,
  NatsServerHandle,
  startNatsCluster,
  startNatsServer,
} from './lib/nats-server';
import { isPortOpen } from './lib/ports';
import { connectError, EmbeddedPostgresHandle, redactUrl, startEmbeddedPostgres } from './lib/postgres';
import { ProcessExit, ProcessGroup, repoRoot } from './lib/processes';
import { loadOrCreateSecrets, PROCESS_SECRETS } from './lib/secrets';
import { generateDemoPassword, loadDemoIfEmpty } from './demo-data';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/intowork';
const EMBEDDED_POSTGRES_PORT = 54329;
const LOCAL_NATS = { host: '127.0.0.1', port: 4222 };
const READY_TIMEOUT_MS = 60_000;
const CRASH_LOG_LINES = 30;

const ROOT = repoRoot();
const DATA_DIR = join(ROOT, '.data');
const LOG_DIR = join(DATA_DIR, 'logs');
const PID_FILE = join(DATA_DIR, 'start.pid');
const SECRETS_FILE = join(DATA_DIR, 'secrets.env');
/** What the launcher generates: the processes' secrets, the embedded PostgreSQL's superuser password, the demo users' password. */
const LAUNCHER_SECRETS = { ...PROCESS_SECRETS, EMBEDDED_PG_PASSWORD: PROCESS_SECRETS.JWT_SECRET, DEMO_PASSWORD: generateDemoPassword };

/** An expected problem, explained in its message: printed without a stack trace. */
class LaunchError extends Error {}

/** Each process's HTTP port, and `metrics`: the gateway's METRICS_PORT (its /metrics is not on its public port). */
type Ports = Record<ProcessName | 'metrics', number>;

/** What this launcher started, so it can stop exactly that. */
const state: {
  group: ProcessGroup;
  postgres?: EmbeddedPostgresHandle;
  nats?: NatsServerHandle;
  natsCluster?: NatsClusterHandle;
  /** An embedded PostgreSQL or nats-server being started: a shutdown waits for it, then stops it. */
  starting?: Promise<void>;
  ownsPidFile: boolean;
  stopping: boolean;
  shutdown?: Promise<void>;
} = {
  // Own process groups: a Ctrl-C reaches only this launcher, which stops the processes in order.
  group: new ProcessGroup({ root: ROOT, detached: true }),
  ownsPidFile: false,
  stopping: false,
};

function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function line(label: string, text: string): void {
  console.log(`  ${label.padEnd(15)}${text}`);
}

// --- steps --------------------------------------------------------------------------------------

/**
 * The secrets of this checkout (.data/secrets.env, made 0600 on the first run, reused later). A
 * variable already set in the environment wins over its line in the file.
 */
function secrets(): Record<string, string> {
  let file;
  try {
    file = loadOrCreateSecrets(SECRETS_FILE, LAUNCHER_SECRETS);
  } catch (error) {
    throw new LaunchError(`Secrets: ${(error as Error).message}`);
  }
  const how = file.created ? 'generated now' : file.added.length ? `reused, ${file.added.join(', ')} added` : 'reused';
  line('secrets', `${show(file.path)} (${how}; owner-only, mode 0600)`);
  if (file.repairedMode) line('', 'the file was readable by other users: its mode was set back to 0600; consider rotating the secrets');
  const overridden = Object.keys(file.values).filter((name) => process.env[name]);
  if (overridden.length) line('', `from the environment instead: ${overridden.join(', ')}`);
  line('', "the web client's server sends OAUTH_SIGNIN_SECRET from that file as X-OAuth-Client-Secret on POST /api/auth/oauth/signin");
  return file.values;
}

/** `url` without its password (its user stays: the services replace both with their role's). */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

function processPorts(env: NodeJS.ProcessEnv): Ports {
  const ports = {} as Ports;
  const defaults: Ports = { ...PROCESS_PORTS, metrics: GATEWAY_METRICS_PORT };
  for (const name of Object.keys(defaults) as (keyof Ports)[]) {
    const variable = `${name.toUpperCase()}_PORT`;
    const value = env[variable];
    const port = value === undefined || value === '' ? defaults[name] : Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LaunchError(`${variable} must be a port number, got "${value}"`);
    ports[name] = port;
  }
  return ports;
}

/** True when `pid` is a live process that looks like a launcher (its command line, where /proc tells). */
function isLauncherAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start');
  } catch {
    return true; // no /proc: trust the pid
  }
}

async function claimSingleInstance(ports: Ports): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const recorded = existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8').trim()) : NaN;
  if (Number.isInteger(recorded) && recorded !== process.pid && isLauncherAlive(recorded)) {
    throw new LaunchError(
      `IntoWork is already running (pid ${recorded}, recorded in ${show(PID_FILE)}). ` +
        `Stop it with Ctrl-C in its terminal or \`kill ${recorded}\`.`,
    );
  }
  if (await isPortOpen('127.0.0.1', ports.gateway)) {
    throw new LaunchError(
      `Port ${ports.gateway} (GATEWAY_PORT) is already in use: is IntoWork already running ` +
        '(another checkout, `docker compose up`)? Stop it, or set GATEWAY_PORT to another port.',
    );
  }
  for (const name of [...SERVICE_NAMES, 'metrics'] as const) {
    if (await isPortOpen('127.0.0.1', ports[name])) {
      const variable = `${name.toUpperCase()}_PORT`;
      throw new LaunchError(`Port ${ports[name]} (${variable}) is already in use by another program: free it, or set ${variable}.`);
    }
  }
  rmSync(PID_FILE, { force: true });
  try {
    writeFileSync(PID_FILE, `${process.pid}\n`, { flag: 'wx' });
  } catch {
    throw new LaunchError(`Another launcher started at the same moment (${show(PID_FILE)} exists).`);
  }
  state.ownsPidFile = true;
}

function releasePidFile(): void {
  if (!state.ownsPidFile) return;
  state.ownsPidFile = false;
  try {
    if (Number(readFileSync(PID_FILE, 'utf8').trim()) === process.pid) rmSync(PID_FILE, { force: true });
  } catch {
    // already gone
  }
}

/** Keeps the previous run's log as <name>.previous.log, so logs do not grow without end. */
function rotateLog(file: string): string {
  mkdirSync(LOG_DIR, { recursive: true });
  if (existsSync(file)) renameSync(file, file.replace(/\.log$/, '.previous.log'));
  return file;
}

async function resolveDatabase(env: NodeJS.ProcessEnv, embeddedPassword: string): Promise<string> {
  if (env.DATABASE_URL) {
    const error = await connectError(env.DATABASE_URL, 5000);
    // 3D000: the database does not exist yet; the migrations step creates it.
    if (error && (error as { code?: string }).code !== '3D000') {
      throw new LaunchError(`DATABASE_URL (${redactUrl(env.DATABASE_URL)}) does not answer: ${error.message}`);
    }
    line('database', `${redactUrl(env.DATABASE_URL)} (DATABASE_URL)`);
    return env.DATABASE_URL;
  }

  const localError = await connectError(withDatabase(LOCAL_DATABASE_URL, 'postgres'));
  if (!localError) {
    line('database', `PostgreSQL on 127.0.0.1:5432, database intowork, user postgres`);
    return LOCAL_DATABASE_URL;
  }
  if ('severity' in localError) {
    // A server answered but refused us (password, pg_hba): say so, it may be the one the user wants.
    line('database', `PostgreSQL on 127.0.0.1:5432 refused user postgres (${localError.message}); set DATABASE_URL to use it.`);
  }

  const dataDir = join(DATA_DIR, 'postgres');
  line('database', `starting embedded PostgreSQL 15 on 127.0.0.1:${EMBEDDED_POSTGRES_PORT} (data in ${show(dataDir)})`);
  state.starting = (async () => {
    state.postgres = await startEmbeddedPostgres(dataDir, EMBEDDED_POSTGRES_PORT, {
      database: 'intowork',
      logFile: rotateLog(join(LOG_DIR, 'postgres.log')),
      password: embeddedPassword,
      onUnexpectedExit: () => infrastructureDied('embedded PostgreSQL', state.postgres?.output() ?? ''),
    });
  })();
  await state.starting;
  return state.postgres!.url;
}

/** Undefined when a client can connect to `url` and JetStream answers; otherwise what went wrong. */
async function jetStreamProblem(url: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  let nc: NatsConnection;
  try {
    // As the tools' user: a server without IntoWork's users refuses it (its configuration: ops/nats/nats.conf).
    const { user, password } = natsLoginFromEnv({ NATS_URL: url, TOOLS_NATS_PASSWORD: env.TOOLS_NATS_PASSWORD });
    nc = await connect({
      servers: url.split(','),
      timeout: 3000,
      reconnect: false,
      user,
      pass: password,
      inboxPrefix: natsInboxPrefix(user),
    });
  } catch (error) {
    return `cannot connect: ${(error as Error).message}`;
  }
  try {
    await (await nc.jetstreamManager({ timeout: 3000 })).getAccountInfo();
    return undefined;
  } catch (error) {
    return `JetStream is not available (${(error as Error).message}): run nats-server with -js`;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** Loud when a server we did not start lets anyone in: the processes work, but nothing is access-controlled. */
async function warnIfAnonymous(url: string): Promise<void> {
  const nc = await connect({ servers: url.split(','), timeout: 3000, reconnect: false }).catch(() => undefined);
  if (!nc) return;
  await nc.close().catch(() => undefined);
  line('', 'WARNING: this NATS accepts anonymous clients: anyone who reaches it can call every service and publish events.');
  line('', 'Give it the users of ops/nats/nats.conf (docs/configuration.md, "NATS users").');
}

async function resolveNats(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.NATS_URL) {
    const problem = await jetStreamProblem(env.NATS_URL, env);
    if (problem) throw new LaunchError(`NATS_URL (${env.NATS_URL}): ${problem}`);
    line('nats', `${env.NATS_URL} (NATS_URL)`);
    await warnIfAnonymous(env.NATS_URL);
    return env.NATS_URL;
  }

  if (env.NATS_CLUSTER) {
    if (env.NATS_CLUSTER !== '3')
      throw new LaunchError(`NATS_CLUSTER=${env.NATS_CLUSTER}: the local cluster has 3 servers (NATS_CLUSTER=3)`);
    const storeDir = join(DATA_DIR, 'nats-cluster');
    line('nats', `starting a 3-node NATS cluster with JetStream (stores in ${show(storeDir)}, logs nats-n*.log)`);
    state.starting = (async () => {
      state.natsCluster = await startNatsCluster({ size: 3, storeDir, logDir: LOG_DIR, users: natsUsersFrom(env) });
    })();
    await state.starting;
    env.EVENTS_STREAM_REPLICAS ??= '3';
    return state.natsCluster!.url;
  }

  const localUrl = `nats://${LOCAL_NATS.host}:${LOCAL_NATS.port}`;
  if (await isPortOpen(LOCAL_NATS.host, LOCAL_NATS.port)) {
    const problem = await jetStreamProblem(localUrl, env);
    if (problem) throw new LaunchError(`NATS on ${LOCAL_NATS.host}:${LOCAL_NATS.port}: ${problem} (or set NATS_URL).`);
    line('nats', `${localUrl} (already running)`);
    await warnIfAnonymous(localUrl);
    return localUrl;
  }

  const binary = findNatsServerBinary();
  if (!binary) throw new LaunchError(natsServerNotFoundMessage());
  const storeDir = join(DATA_DIR, 'nats');
  line('nats', `starting ${binary} with JetStream on ${LOCAL_NATS.host}:${LOCAL_NATS.port} (store in ${show(storeDir)})`);
  state.starting = (async () => {
    state.nats = await startNatsServer({
      binary,
      host: LOCAL_NATS.host,
      port: LOCAL_NATS.port,
      storeDir,
      users: natsUsersFrom(env),
      logFile: rotateLog(join(LOG_DIR, 'nats.log')),
      detached: true,
      onUnexpectedExit: () => infrastructureDied('nats-server', state.nats?.output() ?? ''),
    });
  })();
  await state.starting;
  return state.nats!.url;
}

async function migrate(env: NodeJS.ProcessEnv): Promise<void> {
  let config: DbConfig;
  try {
    config = loadConfig(DbConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new LaunchError(error.message);
    throw error;
  }
  const applied = await migrateAll(config, env);
  const done = Object.entries(applied).filter(([, names]) => names.length > 0);
  line('migrations', done.length ? `applied ${done.map(([service, names]) => `${service}: ${names.length}`).join(', ')}` : 'up to date');
}

async function startProcess(name: ProcessName, env: NodeJS.ProcessEnv, ports: Ports): Promise<void> {
  if (state.stopping) return;
  // Its own NATS user only: no process is given another's NATS password.
  const own = {
    ...Object.fromEntries(Object.entries(env).filter(([key]) => !key.endsWith('_NATS_PASSWORD'))),
    ...natsCredentialsEnv(name, env),
  };
  state.group.start(name, own, { logFile: rotateLog(join(LOG_DIR, `${name}.log`)) });
  await state.group.waitReady(name, ports[name], READY_TIMEOUT_MS);
}

/** The services together (each runs its own start-up), then the gateway, which only makes sense once they answer. */
async function startProcesses(env: NodeJS.ProcessEnv, ports: Ports): Promise<void> {
  state.group.onExit(processDied);
  await Promise.all(SERVICE_NAMES.map((name) => startProcess(name, env, ports)));
  await startProcess('gateway', env, ports);
}

function printRunning(ports: Ports): void {
  const url = (name: ProcessName): string => `http://127.0.0.1:${ports[name]}`;
  console.log('IntoWork is running:');
  line('gateway', `${url('gateway')}  (API /api, docs /docs; metrics on http://127.0.0.1:${ports.metrics}/metrics)`);
  for (const name of SERVICE_NAMES) line(name, `${url(name)}  (health /health/ready, metrics /metrics)`);
  line('logs', `${show(LOG_DIR)}/<name>.log  (Ctrl-C stops everything)`);
}

// --- failures and shutdown ----------------------------------------------------------------------

function processDied(exit: ProcessExit): void {
  if (exit.expected || state.stopping) return;
  const how = exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
  const logs = state.group.logs(exit.id).slice(-CRASH_LOG_LINES).join('\n');
  console.error(`\n${exit.id} ${how}. Last log lines (${show(join(LOG_DIR, `${exit.name}.log`))}):\n${logs || '(no output)'}\n`);
  void shutdown(1);
}

function infrastructureDied(what: string, output: string): void {
  if (state.stopping) return;
  const tail = output.trim().split('\n').slice(-CRASH_LOG_LINES).join('\n');
  console.error(`\n${what} stopped unexpectedly. Its last output:\n${tail || '(none)'}\n`);
  void shutdown(1);
}

/** Stops the processes (gateway first), then what this launcher started; exits with `code`. Runs once. */
function shutdown(code: number): Promise<void> {
  state.shutdown ??= (async () => {
    state.stopping = true;
    await state.starting?.catch(() => undefined);
    await state.group.stopAll().catch((error: unknown) => console.error(`stopping the processes: ${String(error)}`));
    await state.nats?.stop().catch((error: unknown) => console.error(`stopping nats-server: ${String(error)}`));
    await state.natsCluster?.stop().catch((error: unknown) => console.error(`stopping the NATS cluster: ${String(error)}`));
    await state.postgres?.stop().catch((error: unknown) => console.error(`stopping PostgreSQL: ${String(error)}`));
    releasePidFile();
    process.exit(code);
  })();
  return state.shutdown;
}

function handleSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // npm passes a Ctrl-C on as well: the second one is not a reason to hurry.
      if (state.stopping) return;
      console.log(`\n${signal}: stopping IntoWork…`);
      void shutdown(0);
    });
  }
  // Last resort if the launcher ends some other way (an uncaught error): leave nothing running.
  process.on('exit', () => {
    for (const id of state.group.ids()) void state.group.kill(id);
    void state.nats?.kill();
    for (const server of state.natsCluster?.servers ?? []) void server.kill();
    releasePidFile();
  });
}

async function main(): Promise<void> {
  handleSignals();
  const ports = processPorts(process.env);
  await claimSingleInstance(ports);
  console.log(`IntoWork: starting from ${ROOT}`);

  // The superuser's and the demo users' passwords are the launcher's own: not passed on to the processes.
  const { EMBEDDED_PG_PASSWORD: embeddedPassword, DEMO_PASSWORD: demoPassword, ...generated } = secrets();
  const env: NodeJS.ProcessEnv = {
    ...generated,
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [`${name.toUpperCase()}_PORT`, String(port)])),
  };
  delete env.EMBEDDED_PG_PASSWORD;
  delete env.DEMO_PASSWORD;
  env.DATABASE_URL = await resolveDatabase(env, process.env.EMBEDDED_PG_PASSWORD || embeddedPassword);
  if (state.stopping) return;
  env.NATS_URL = await resolveNats(env);
  if (state.stopping) return;
  await migrate(env);
  if (state.stopping) return;
  // The services log in as their own roles: the admin's password (DATABASE_URL's) stays with the launcher,
  // and so does the migration role's unless the services are told to migrate themselves.
  const processEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: withoutPassword(env.DATABASE_URL) };
  if (env.DB_MIGRATE_ON_START !== 'true') delete processEnv.MIGRATION_DB_PASSWORD;
  await startProcesses(processEnv, ports);
  if (state.stopping) return;
  await loadDemoIfEmpty({ ...env, DEMO_PASSWORD: process.env.DEMO_PASSWORD || demoPassword }, `http://127.0.0.1:${ports.gateway}`);
  if (state.stopping) return;
  printRunning(ports);
}

main().catch((error: unknown) => {
  if (state.stopping) return; // a shutdown is under way and has said why
  console.error(
    error instanceof LaunchError ? `\n${error.message}` : `\nIntoWork did not start: ${(error as Error)?.stack ?? String(error)}`,
  );
  void shutdown(1);
});
