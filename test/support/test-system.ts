import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestHandler } from '@app/common';
import { isRpcErrorBody, PROCESS_PORTS, ProcessName, RpcErrorBody } from '@app/contracts';
import { createTestDatabase, testRolePasswords } from '@app/db';
import { freePort } from '../../tools/lib/ports';
import { connect, ConnectionOptions, MsgHdrs, NatsConnection } from 'nats';
import { natsCredentialsEnv, natsUsersFrom } from '../../tools/lib/nats-auth';
import { NatsLogin } from '../../tools/lib/nats-rpc';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';
import { ProcessGroup, ProcessId, StartOptions } from '../../tools/lib/processes';
import { generateSecrets } from '../../tools/lib/secrets';

export const ALL_PROCESSES = Object.keys(PROCESS_PORTS) as ProcessName[];

/** A service's answer to a request: its response, or its error body. */
export type RpcReply<T> = { response: T } | { err: RpcErrorBody };

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Raw body (e.g. FormData for uploads); `body` is sent as JSON otherwise. */
  raw?: RequestInit['body'];
}

/**
 * A whole IntoWork system for one end-to-end suite: its own database (dropped at the end), its own
 * nats-server on a spare port (so suites never share subjects or streams, and a test may stop it),
 * and the five processes built in dist/ on spare ports.
 */
/** The suite's processes: each logs in to NATS as its own user, whichever environment a spec starts it with. */
class SuiteProcesses extends ProcessGroup {
  constructor(private readonly secrets: Record<string, string>) {
    super();
  }

  override start(name: ProcessName, env: NodeJS.ProcessEnv, opts: StartOptions = {}): ProcessId {
    return super.start(name, { ...natsCredentialsEnv(name, this.secrets), ...env }, opts);
  }
}

export class TestSystem {
  readonly ports = {} as Record<ProcessName, number>;
  /** The gateway's METRICS_PORT (its /metrics is not on its public port). */
  gatewayMetricsPort!: number;
  env: NodeJS.ProcessEnv = {};
  /**
   * This suite's own secrets (JWT, internal token, refresh and OAuth keys, OAuth client secret),
   * generated at boot like `npm start` does; the role passwords are the run's (testRolePasswords).
   */
  readonly secrets: Record<string, string> = { ...generateSecrets(), ...testRolePasswords() };
  /** The suite's own NATS user, allowed everything (specs publish events, read the stream): never a process's. */
  readonly natsTestUser = { user: 'test', password: randomBytes(32).toString('base64url') };
  readonly processes = new SuiteProcesses(this.secrets);
  private dropDatabase?: () => Promise<void>;
  private storeDir?: string;
  nats!: NatsServerHandle;
  private natsClient?: Promise<NatsConnection>;
  /** nats-server's monitoring port (GET /connz lists the client connections by name). */
  natsMonitorPort!: number;
  databaseUrl!: string;

  static async start(label: string, extraEnv: NodeJS.ProcessEnv = {}, only: ProcessName[] = ALL_PROCESSES): Promise<TestSystem> {
    const system = new TestSystem();
    try {
      await system.boot(label, extraEnv, only);
    } catch (err) {
      await system.stop();
      throw err;
    }
    return system;
  }

  private async boot(label: string, extraEnv: NodeJS.ProcessEnv, only: ProcessName[]): Promise<void> {
    const db = await createTestDatabase(label);
    this.dropDatabase = db.drop;
    this.databaseUrl = db.url;
    this.storeDir = mkdtempSync(join(tmpdir(), `intowork-nats-${label}-`));
    this.natsMonitorPort = await freePort();
    this.nats = await startNatsServer({
      port: await freePort(),
      storeDir: this.storeDir,
      monitorPort: this.natsMonitorPort,
      users: [
        ...natsUsersFrom(this.secrets),
        { user: this.natsTestUser.user, password: { value: this.natsTestUser.password }, permissions: 'all' },
      ],
    });
    for (const name of ALL_PROCESSES) this.ports[name] = await freePort();
    this.gatewayMetricsPort = await freePort();
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      // Each process is given its own NATS password only (startProcess).
      ...Object.fromEntries(Object.entries(this.secrets).filter(([name]) => !name.endsWith('_NATS_PASSWORD'))),
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      NATS_URL: this.nats.url,
      NATS_REQUEST_TIMEOUT_MS: '3000',
      SHUTDOWN_GRACE_MS: '200',
      // Every test request comes from 127.0.0.1: generous limits here; the 429 has its own suite.
      RATE_LIMIT_SIGNUP: '10000/60',
      RATE_LIMIT_SIGNIN: '10000/60',
      RATE_LIMIT_REFRESH: '10000/60',
      RATE_LIMIT_FORGOT: '10000/60',
      RATE_LIMIT_RESET: '10000/60',
      RATE_LIMIT_ACCOUNT: '10000/60',
      // Suites read their writes through anonymous lists at once; the public cache has its own suite.
      PUBLIC_CACHE_TTL_MS: '0',
      ...Object.fromEntries(ALL_PROCESSES.map((name) => [`${name.toUpperCase()}_PORT`, String(this.ports[name])])),
      METRICS_PORT: String(this.gatewayMetricsPort),
      ...extraEnv,
    };
    // Services first (they run their migrations), the gateway last, as `npm start` does.
    await Promise.all(only.filter((n) => n !== 'gateway').map((name) => this.startProcess(name)));
    if (only.includes('gateway')) await this.startProcess('gateway');
  }

  async startProcess(name: ProcessName, replica?: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    // Another gateway beside the first needs its own metrics listener (it would not start on a port in use).
    if (name === 'gateway' && replica !== undefined && env.METRICS_PORT === undefined)
      env = { ...env, METRICS_PORT: String(await freePort()) };
    this.processes.start(name, { ...this.env, ...env }, { replica });
    const port = Number(env[`${name.toUpperCase()}_PORT`] ?? this.ports[name]);
    await this.processes.waitReady(name, port, 60000, replica);
  }

  url(path: string, process: ProcessName = 'gateway'): string {
    return `http://127.0.0.1:${this.ports[process]}${path}`;
  }

  /** Where a process's Prometheus metrics are: the gateway's METRICS_PORT, a service's own HTTP port. */
  metricsUrl(process: ProcessName = 'gateway'): string {
    return process === 'gateway' ? `http://127.0.0.1:${this.gatewayMetricsPort}/metrics` : this.url('/metrics', process);
  }

  /** A process's metrics text (see metricsUrl). */
  async metrics(process: ProcessName = 'gateway'): Promise<string> {
    return (await fetch(this.metricsUrl(process))).text();
  }

  /** A service's request handler over NATS, as another process calls it (the ops handlers, without an admin). */
  async rpc<T = any>(subject: string, payload: unknown = {}, timeoutMs = 10000, headers?: MsgHdrs): Promise<RpcReply<T>> {
    this.natsClient ??= connect(this.natsOptions('test-rpc'));
    const answer = await requestHandler<T>(await this.natsClient, subject, payload, { timeout: timeoutMs, headers });
    if ('response' in answer) return answer;
    if (isRpcErrorBody(answer.err)) return { err: answer.err };
    throw new Error(`${subject}: unexpected error answer ${JSON.stringify(answer.err)}`);
  }

  /** How the tools (create-admin, demo data) log in to this suite's NATS: the `tools` user. */
  get natsTools(): NatsLogin {
    return { url: this.nats.url, user: 'tools', password: this.secrets.TOOLS_NATS_PASSWORD };
  }

  /** Connection options of the suite's own NATS user (specs connecting to the bus themselves). */
  natsOptions(name = 'test'): ConnectionOptions & { servers: string[] } {
    return { servers: [this.nats.url], name, user: this.natsTestUser.user, pass: this.natsTestUser.password };
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'] = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(this.url(path), { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text (metrics, PDFs)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Last log lines of every process, for a failing test's message. */
  logs(): string {
    return ALL_PROCESSES.map((n) => `--- ${n}\n${this.processes.logs(n).join('\n')}`).join('\n');
  }

  async stop(): Promise<void> {
    await (await this.natsClient)?.close();
    await this.processes.stopAll();
    await this.nats?.stop().catch(() => undefined);
    if (this.storeDir) rmSync(this.storeDir, { recursive: true, force: true });
    await this.dropDatabase?.();
  }
}

/** Polls until `check` returns a truthy value, or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms (last: ${JSON.stringify(last)}${lastError ? `, error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''})`,
  );
}
