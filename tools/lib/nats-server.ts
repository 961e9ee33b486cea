import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, appendFileSync, chmodSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { natsAuthorizationConfig, NatsUserEntry } from './nats-auth';
import { freePort, isPortOpen, sleep } from './ports';

const BINARY_NAME = process.platform === 'win32' ? 'nats-server.exe' : 'nats-server';
const FIXED_LOCATIONS = ['/usr/sbin', '/usr/local/bin', '/usr/bin'];
const READY_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nats-server executable: NATS_SERVER_BIN, then PATH, then /usr/sbin, /usr/local/bin, /usr/bin. */
export function findNatsServerBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.NATS_SERVER_BIN,
    ...(env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, BINARY_NAME)),
    ...FIXED_LOCATIONS.map((dir) => join(dir, BINARY_NAME)),
  ];
  return candidates.find((candidate): candidate is string => !!candidate && isExecutableFile(candidate));
}

/** What to tell a person when no nats-server binary was found. */
export function natsServerNotFoundMessage(env: NodeJS.ProcessEnv = process.env): string {
  const badOverride =
    env.NATS_SERVER_BIN && !isExecutableFile(env.NATS_SERVER_BIN)
      ? `NATS_SERVER_BIN=${env.NATS_SERVER_BIN} is not an executable file. `
      : '';
  return (
    `${badOverride}No nats-server binary found (looked at NATS_SERVER_BIN, PATH, ${FIXED_LOCATIONS.join(', ')}). ` +
    'Install it with `apt-get install nats-server` (Debian/Ubuntu) or `brew install nats-server`, ' +
    'or download the release binary from https://github.com/nats-io/nats-server/releases and put it on PATH ' +
    '(or point NATS_SERVER_BIN at it), or set NATS_URL to a running NATS server with JetStream.'
  );
}

export interface NatsServerOptions {
  /**
   * Who may connect (tools/lib/nats-auth.ts: each process its own user and subjects). 'anonymous'
   * lets ANY client do anything: only for tests of the NATS machinery itself, never for the processes.
   */
  users: NatsUserEntry[] | 'anonymous';
  /** Defaults to a free port. */
  port?: number;
  /** JetStream store directory (created if missing); kept across stop()/start(). */
  storeDir: string;
  /** Interface to listen on; defaults to 127.0.0.1. */
  host?: string;
  /** Also append the server's output to this file. */
  logFile?: string;
  /** Start the server in its own process group, so a Ctrl-C in the terminal does not reach it directly. */
  detached?: boolean;
  /** Called when the server exits without stop() or kill() having been asked for. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /** Defaults to findNatsServerBinary(). */
  binary?: string;
  /** Serve the HTTP monitoring endpoints (/connz, /varz) on this port. */
  monitorPort?: number;
  /** Member of a cluster (see startNatsCluster): its unique server name, route port and the routes to the others. */
  cluster?: { serverName: string; name: string; port: number; routes: string[] };
}

export interface NatsServerHandle {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly storeDir: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** SIGTERM and wait for the exit (SIGKILL after timeoutMs). */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and store; resolves once it accepts connections. */
  start(): Promise<void>;
  /** The last output of the server (it logs to stderr). */
  output(): string;
}

class NatsServer implements NatsServerHandle {
  readonly url: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private expectExit = false;
  private recent = '';

  constructor(
    private readonly binary: string,
    readonly host: string,
    readonly port: number,
    readonly storeDir: string,
    private readonly options: NatsServerOptions,
  ) {
    this.url = `nats://${host}:${port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.recent;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (await isPortOpen(this.host, this.port)) {
      throw new Error(`cannot start nats-server: ${this.host}:${this.port} is already in use by another process`);
    }
    mkdirSync(this.storeDir, { recursive: true });
    if (this.options.logFile) mkdirSync(dirname(this.options.logFile), { recursive: true });

    this.expectExit = false;
    this.recent = '';
    const args = ['-a', this.host, '-p', String(this.port), '-js', '-sd', this.storeDir];
    if (this.options.users !== 'anonymous') {
      // The passwords are in it: owner-only, in the store's folder (command-line options override the file's).
      const configFile = join(this.storeDir, 'auth.conf');
      writeFileSync(configFile, natsAuthorizationConfig(this.options.users), { mode: 0o600 });
      chmodSync(configFile, 0o600);
      args.unshift('-c', configFile);
    }
    if (this.options.monitorPort) args.push('-m', String(this.options.monitorPort));
    const cluster = this.options.cluster;
    if (cluster) {
      args.push('-n', cluster.serverName, '--cluster_name', cluster.name, '--cluster', `nats://${this.host}:${cluster.port}`);
      args.push('--routes', cluster.routes.join(','));
    }
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: this.options.detached ?? false });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout?.on('data', (chunk: Buffer) => this.record(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.record(chunk));
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    child.once('exit', (code, signal) => {
      if (!this.expectExit) this.options.onUnexpectedExit?.(code, signal);
    });

    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (spawnError) throw new Error(`cannot run ${this.binary}: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`nats-server exited during start-up (code ${child.exitCode}, signal ${child.signalCode}):\n${this.recent.trim()}`);
      }
      if (await isPortOpen(this.host, this.port, 250)) {
        // The port may have opened just before the process died (or belong to someone else): check once more.
        if (child.exitCode === null && child.signalCode === null) return;
        continue;
      }
      if (Date.now() > deadline) {
        this.expectExit = true;
        child.kill('SIGKILL');
        await this.exited;
        throw new Error(
          `nats-server did not accept connections on ${this.host}:${this.port} within ${READY_TIMEOUT_MS / 1000} s:\n${this.recent.trim()}`,
        );
      }
      await sleep(100);
    }
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectExit = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectExit = true;
    child.kill('SIGKILL');
    await this.exited;
  }

  private record(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.recent = (this.recent + text).slice(-OUTPUT_LIMIT);
    if (this.options.logFile) {
      try {
        appendFileSync(this.options.logFile, text);
      } catch {
        // The in-memory copy is enough to explain a failure.
      }
    }
  }
}

/**
 * Runs `nats-server -a HOST -p PORT -js -sd STORE` and resolves once the port accepts connections
 * (10 s at most; the server's output is in the error otherwise).
 */
export async function startNatsServer(options: NatsServerOptions): Promise<NatsServerHandle> {
  const binary = options.binary ?? findNatsServerBinary();
  if (!binary) throw new Error(natsServerNotFoundMessage());
  const server = new NatsServer(binary, options.host ?? '127.0.0.1', options.port ?? (await freePort()), options.storeDir, options);
  await server.start();
  return server;
}

export interface NatsClusterHandle {
  /** Every member's client URL, comma-separated: what NATS_URL takes. */
  readonly url: string;
  readonly servers: NatsServerHandle[];
  /** SIGTERM every member. */
  stop(): Promise<void>;
}

/**
 * A local NATS cluster with JetStream: `size` servers on spare ports, each with its own store under
 * `storeDir`, routed to one another (JetStream replicates a stream with num_replicas > 1 across them).
 * Resolves once every member accepts connections; JetStream elects its meta leader within a few
 * seconds after that (clients retry until then).
 */
export async function startNatsCluster(options: {
  size: number;
  storeDir: string;
  users: NatsServerOptions['users'];
  host?: string;
  name?: string;
  logDir?: string;
}): Promise<NatsClusterHandle> {
  const binary = findNatsServerBinary();
  if (!binary) throw new Error(natsServerNotFoundMessage());
  const host = options.host ?? '127.0.0.1';
  const members: Array<{ port: number; routePort: number; serverName: string }> = [];
  for (let i = 0; i < options.size; i++) members.push({ port: await freePort(), routePort: await freePort(), serverName: `n${i + 1}` });
  const routes = members.map((m) => `nats://${host}:${m.routePort}`);
  const servers = members.map(
    (m, i) =>
      new NatsServer(binary, host, m.port, join(options.storeDir, m.serverName), {
        storeDir: join(options.storeDir, m.serverName),
        users: options.users,
        logFile: options.logDir ? join(options.logDir, `nats-${m.serverName}.log`) : undefined,
        cluster: {
          serverName: m.serverName,
          name: options.name ?? 'intowork',
          port: m.routePort,
          routes: routes.filter((_r, j) => j !== i),
        },
      }),
  );
  await Promise.all(servers.map((server) => server.start()));
  return {
    url: servers.map((server) => server.url).join(','),
    servers,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
