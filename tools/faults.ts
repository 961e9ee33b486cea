/**
 * `npm run test:faults`: the mixed-load fault suite (issue #12). It starts the whole system on its own
 * database and its own 3-node NATS cluster (events stream on 3 servers), loads the demo data plus a few
 * jobs, and runs a mixed HTTP load through the gateway (sign-ups, applications, employers' status
 * changes, list reads) at a modest fixed rate while it, in turn:
 *   - SIGKILLs and restarts each process (auth, jobs, applications, notifications, gateway);
 *   - kills the NATS server leading the events stream, then restarts it;
 *   - restarts PostgreSQL (only on its own embedded PostgreSQL: never the shared server);
 *   - with a second replica of every process, SIGKILLs one replica of each (then restarts it).
 * After each fault (load stopped, events drained) it checks: every 2xx write is stored exactly once,
 * every application has exactly one `new_application` notification, every job's applications_count
 * equals its live applications, every process is ready again within 15 s, and >= 90 % of the requests
 * made while one replica or one NATS server was down succeeded. It prints a table, writes it to
 * bench/results/faults-<date>.md and exits 1 if a check failed.
 *
 *   npm run test:faults -- [--rate 40] [--seconds 6] [--short] [--shared-postgres]
 * (also FAULTS_RATE, FAULTS_SECONDS; --short: one service kill and one NATS server kill, as the
 * integration spec runs it; --shared-postgres: a test database on TEST_DATABASE_URL's server instead of
 * an embedded PostgreSQL, and then no PostgreSQL restart.)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';
import { EVENTS_STREAM, PROCESS_PORTS, ProcessName, SERVICE_NAMES } from '@app/contracts';
import { createTestDatabase, DbConfig, migrateAll, testRolePasswords } from '@app/db';
import { generateDemoPassword, loadDemoData } from './demo-data';
import { NatsClusterHandle, startNatsCluster } from './lib/nats-server';
import { freePort, sleep } from './lib/ports';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './lib/postgres';
import { ProcessGroup, repoRoot } from './lib/processes';
import { generateSecrets } from './lib/secrets';
import { natsCredentialsEnv, natsUsersFrom } from './lib/nats-auth';
import { NatsLogin } from './lib/nats-rpc';
import { flag } from './bench/dataset';

const ALL: ProcessName[] = Object.keys(PROCESS_PORTS) as ProcessName[];
/** What the brief of the suite asks: every process ready again within 15 s, >= 90 % served while degraded. */
const READY_LIMIT_MS = 15_000;
const DEGRADED_SUCCESS_MIN = 0.9;
/** How long the events may take to reach the notifications and counters once the load stopped. */
const SETTLE_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_IN_FLIGHT = 200;

export interface FaultSuiteOptions {
  /** Requests per second started (open loop). */
  rate: number;
  /** Seconds of load after each fault (and of the degraded window of the faults that keep the system up). */
  seconds: number;
  /** One service kill and one NATS server kill only. */
  short: boolean;
  /** A test database on the shared server instead of an embedded PostgreSQL (no PostgreSQL restart then). */
  sharedPostgres: boolean;
  log: (line: string) => void;
}

export interface FaultRow {
  fault: string;
  requests: number;
  ok: number;
  /** Non-2xx answers by status; `net` for a request that got no HTTP answer. */
  errors: Record<string, number>;
  /** Requests started while one replica or one NATS server was down (undefined for faults that take a whole part down). */
  degraded?: { requests: number; ok: number };
  lost: number;
  duplicated: number;
  /** The slowest process's time to /health/ready after the part came back. */
  readyMs: number;
  failures: string[];
}

export interface FaultReport {
  rows: FaultRow[];
  ok: boolean;
  markdown: string;
}

// --- the system ---------------------------------------------------------------------------------

/** `url` without its password: the services log in as their own roles. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

class FaultSystem {
  readonly group: ProcessGroup;
  readonly ports = {} as Record<ProcessName, number>;
  readonly replicaPorts = {} as Record<ProcessName, number>;
  cluster!: NatsClusterHandle;
  postgres?: EmbeddedPostgresHandle;
  databaseUrl!: string;
  env: NodeJS.ProcessEnv = {};
  private readonly secrets: Record<string, string> = generateSecrets();
  private readonly pgPassword = randomBytes(24).toString('base64url');
  /** The suite's own NATS user, which reads the stream's state (which server leads it). */
  private readonly natsObserverPassword = randomBytes(24).toString('base64url');
  private dropDatabase?: () => Promise<void>;
  private tmp!: string;
  private readonly logDir: string;
  private metricsPort = 0;
  private replicaMetricsPort = 0;

  constructor(private readonly options: FaultSuiteOptions) {
    // Roles belong to the whole server: on the shared one, the run's role passwords (as every test database).
    if (options.sharedPostgres) Object.assign(this.secrets, testRolePasswords());
    const root = repoRoot();
    this.group = new ProcessGroup({ root });
    this.logDir = join(root, '.data', 'faults', 'logs');
  }

  async start(): Promise<void> {
    const log = this.options.log;
    this.tmp = mkdtempSync(join(tmpdir(), 'intowork-faults-'));
    // Run as root, the embedded PostgreSQL runs as the postgres user, who must reach its data folder inside.
    chmodSync(this.tmp, 0o711);
    rmSync(this.logDir, { recursive: true, force: true });
    if (this.options.sharedPostgres) {
      const db = await createTestDatabase('faults');
      this.dropDatabase = () => db.drop();
      this.databaseUrl = db.url;
      log(`database: ${db.name} on the shared server (no PostgreSQL restart)`);
    } else {
      this.postgres = await this.startPostgres(await freePort());
      this.databaseUrl = this.postgres.url;
      await migrateAll(Object.assign(new DbConfig(), { DATABASE_URL: this.databaseUrl }), { ...process.env, ...this.secrets });
      log(`database: embedded PostgreSQL on 127.0.0.1:${this.postgres.port} (data in ${this.postgres.dataDir})`);
    }
    this.cluster = await startNatsCluster({
      size: 3,
      storeDir: join(this.tmp, 'nats'),
      logDir: this.logDir,
      name: 'faults',
      users: [...natsUsersFrom(this.secrets), { user: 'faults', password: { value: this.natsObserverPassword }, permissions: 'all' }],
    });
    log(`nats: 3-node cluster ${this.cluster.url}`);
    this.metricsPort = await freePort();
    this.replicaMetricsPort = await freePort();
    for (const name of ALL) {
      this.ports[name] = await freePort();
      this.replicaPorts[name] = await freePort();
    }
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.FAULTS_LOG_LEVEL || 'warn',
      ...this.secrets,
      DATABASE_URL: withoutPassword(this.databaseUrl),
      NATS_URL: this.cluster.url,
      EVENTS_STREAM_REPLICAS: '3',
      // The load signs up many users from 127.0.0.1; the suite may outlast the default access token.
      RATE_LIMIT_SIGNUP: '100000/60',
      RATE_LIMIT_SIGNIN: '100000/60',
      ACCESS_TOKEN_TTL_S: '7200',
      // No scheduled maintenance changing the data under the checks.
      DB_MAINTENANCE_INTERVAL_S: '0',
      SHUTDOWN_GRACE_MS: '500',
      ...Object.fromEntries(ALL.map((name) => [`${name.toUpperCase()}_PORT`, String(this.ports[name])])),
    };
    // JetStream elects its meta leader a few seconds after the routes are up; the services retry until then.
    await Promise.all(SERVICE_NAMES.map((name) => this.startProcess(name, undefined, 60_000)));
    await this.startProcess('gateway', undefined, 60_000);
    log(`system: gateway ${this.gatewayUrl()}, logs in .data/faults/logs`);
  }

  private startPostgres(port: number): Promise<EmbeddedPostgresHandle> {
    return startEmbeddedPostgres(join(this.tmp, 'postgres'), port, {
      database: 'intowork_faults',
      logFile: join(this.logDir, 'postgres.log'),
      password: this.pgPassword,
    });
  }

  /** Fast shutdown of the embedded PostgreSQL, then the same server started again on the same port and data. */
  async restartPostgres(downMs: number): Promise<void> {
    const old = this.postgres!;
    await old.stop();
    await sleep(downMs);
    this.postgres = await this.startPostgres(old.port);
  }

  /** How the demo-data loader logs in to NATS: the `tools` user. */
  toolsLogin(): NatsLogin {
    return { url: this.cluster.url, user: 'tools', password: this.secrets.TOOLS_NATS_PASSWORD };
  }

  gatewayUrl(replica?: string): string {
    return `http://127.0.0.1:${replica ? this.replicaPorts.gateway : this.ports.gateway}`;
  }

  port(name: ProcessName, replica?: string): number {
    return replica ? this.replicaPorts[name] : this.ports[name];
  }

  async startProcess(name: ProcessName, replica?: string, timeoutMs = READY_LIMIT_MS): Promise<number> {
    const env = replica ? { ...this.env, [`${name.toUpperCase()}_PORT`]: String(this.replicaPorts[name]) } : { ...this.env };
    // Each gateway its own metrics listener (two on the default METRICS_PORT: the second cannot start).
    if (name === 'gateway') env.METRICS_PORT = String(replica ? this.replicaMetricsPort : this.metricsPort);
    const started = Date.now();
    this.group.start(
      name,
      { ...env, ...natsCredentialsEnv(name, this.secrets) },
      { replica, logFile: join(this.logDir, `${name}${replica ? `-${replica}` : ''}.log`) },
    );
    await this.group.waitReady(name, this.port(name, replica), timeoutMs, replica);
    return Date.now() - started;
  }

  /** Waits until every running process answers /health/ready 200; returns how long it took. */
  async allReady(timeoutMs = READY_LIMIT_MS): Promise<number> {
    const started = Date.now();
    await Promise.all(
      this.group.ids().map((id) => {
        const [name, replica] = id.split('#') as [ProcessName, string | undefined];
        return this.group.waitReady(name, this.port(name, replica), timeoutMs, replica);
      }),
    );
    return Date.now() - started;
  }

  /** The index in cluster.servers of the server leading the events stream (servers are named n1..n3). */
  async streamLeader(): Promise<number> {
    const nc = await connect({ servers: this.cluster.url.split(','), timeout: 3000, user: 'faults', pass: this.natsObserverPassword });
    try {
      const info = await (await nc.jetstreamManager({ timeout: 3000 })).streams.info(EVENTS_STREAM);
      const index = Number(/^n(\d+)$/.exec(info.cluster?.leader ?? '')?.[1]) - 1;
      return index >= 0 && index < this.cluster.servers.length ? index : 0;
    } finally {
      await nc.close().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await this.group.stopAll().catch(() => undefined);
    await this.cluster?.stop().catch(() => undefined);
    await this.postgres?.stop().catch(() => undefined);
    await this.dropDatabase?.().catch(() => undefined);
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

// --- the load -----------------------------------------------------------------------------------

interface Actor {
  id: number;
  token: string;
}
interface Candidate extends Actor {
  applied: Set<number>;
}
interface Job {
  id: number;
  employer: Actor;
}
interface Application {
  id: number;
  employer: Actor;
  status: string;
  /** A status change is in flight, or one ended without a clear answer: never touched again then. */
  busy: boolean;
}

/** The employer's moves the load makes, one step at a time (application-status.ts allows each). */
const NEXT_STATUS: Record<string, string | undefined> = {
  applied: 'viewed',
  viewed: 'shortlisted',
  shortlisted: 'interview',
  interview: 'accepted',
};

type Kind = 'signup' | 'apply' | 'status' | 'read';
interface RequestRecord {
  kind: Kind;
  at: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  degraded: boolean;
}

/** The 2xx writes of a phase, by what identifies them. */
interface Writes {
  signups: Array<{ email: string; id: number }>;
  applies: Array<{ id: number; candidate: number; job: number }>;
  /** Per application (over the whole run): statuses answered 2xx in order, and how many changes were sent without a clear answer. */
  statuses: Map<number, { ok: string[]; unclear: number }>;
}

function emptyWrites(): Writes {
  return { signups: [], applies: [], statuses: new Map() };
}

class Load {
  readonly candidates: Candidate[] = [];
  readonly employers: Actor[] = [];
  readonly jobs: Job[] = [];
  readonly applications: Application[] = [];
  records: RequestRecord[] = [];
  writes: Writes = emptyWrites();
  /** Set while one replica or one NATS server is down. */
  degraded = false;
  private inFlight = new Set<Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private signups = 0;
  private readonly run = Date.now().toString(36);

  constructor(
    private readonly gateways: () => string[],
    private readonly password: string,
  ) {}

  /** A request to the first gateway that accepts the connection (a load balancer's job: a refused connection reached no process). */
  private async send(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const bases = this.gateways();
    for (let i = 0; ; i++) {
      try {
        const res = await fetch(`${bases[i]}/api${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        return { status: res.status, json };
      } catch (error) {
        const code = ((error as Error).cause as { code?: string } | undefined)?.code;
        if (code === 'ECONNREFUSED' && i + 1 < bases.length) continue;
        return { status: 0, json: undefined };
      }
    }
  }

  private record(kind: Kind, status: number, at: number, degraded: boolean): void {
    this.records.push({ kind, status, at, degraded });
  }

  private pick<T>(items: T[]): T | undefined {
    return items.length ? items[Math.floor(Math.random() * items.length)] : undefined;
  }

  private async signup(): Promise<void> {
    const email = `faults-${this.run}-${++this.signups}@intowork.test`;
    const at = Date.now();
    const degraded = this.degraded;
    const res = await this.send('POST', '/auth/signup', undefined, {
      email,
      password: this.password,
      first_name: 'Fault',
      last_name: `Load ${this.signups}`,
      role: 'candidate',
    });
    this.record('signup', res.status, at, degraded);
    if (res.status === 201) {
      this.writes.signups.push({ email, id: res.json.user.id });
      this.candidates.push({ id: res.json.user.id, token: res.json.access_token, applied: new Set() });
    }
  }

  private async apply(): Promise<boolean> {
    const candidate = this.pick(this.candidates.filter((c) => c.applied.size < this.jobs.length));
    const job = candidate && this.pick(this.jobs.filter((j) => !candidate.applied.has(j.id)));
    if (!candidate || !job) return false;
    // Never sent twice, whatever the answer: a retry after an unclear answer would be the client's 409.
    candidate.applied.add(job.id);
    const at = Date.now();
    const degraded = this.degraded;
    const res = await this.send('POST', '/applications/my/applications', candidate.token, {
      job_id: job.id,
      cover_letter: 'Sent by the fault suite.',
    });
    this.record('apply', res.status, at, degraded);
    if (res.status === 201) {
      this.writes.applies.push({ id: res.json.id, candidate: candidate.id, job: job.id });
      this.applications.push({ id: res.json.id, employer: job.employer, status: 'applied', busy: false });
    }
    return true;
  }

  private async changeStatus(): Promise<boolean> {
    const application = this.pick(this.applications.filter((a) => !a.busy && NEXT_STATUS[a.status]));
    if (!application) return false;
    const next = NEXT_STATUS[application.status]!;
    application.busy = true;
    const at = Date.now();
    const degraded = this.degraded;
    const res = await this.send('PUT', `/applications/employer/applications/${application.id}/status`, application.employer.token, {
      status: next,
    });
    this.record('status', res.status, at, degraded);
    const seen = this.writes.statuses.get(application.id) ?? { ok: [], unclear: 0 };
    this.writes.statuses.set(application.id, seen);
    if (res.status === 200) {
      seen.ok.push(next);
      application.status = next;
      application.busy = false;
    } else if (res.status === 0 || res.status >= 500) {
      // It may or may not have been stored: this application's status is unknown from now on.
      seen.unclear++;
    } else {
      application.busy = false;
    }
    return true;
  }

  private async read(): Promise<void> {
    const candidate = this.pick(this.candidates);
    const employer = this.pick(this.employers);
    const choices: Array<[string, string | undefined]> = [
      ['/jobs', undefined],
      ['/jobs?location_type=remote', undefined],
      ['/applications/my/applications', candidate?.token],
      ['/applications/employer/applications', employer?.token],
      ['/notifications', employer?.token],
    ];
    const [path, token] = this.pick(choices)!;
    const at = Date.now();
    const degraded = this.degraded;
    const res = await this.send('GET', path, token);
    this.record('read', res.status, at, degraded);
  }

  /** One request of the mix: 8 % sign-ups, 30 % applications, 17 % status changes, the rest list reads. */
  private async one(): Promise<void> {
    const r = Math.random();
    if (r < 0.08) return this.signup();
    if (r < 0.38 && (await this.apply())) return;
    if (r >= 0.38 && r < 0.55 && (await this.changeStatus())) return;
    return this.read();
  }

  start(rate: number): void {
    this.running = true;
    const interval = 1000 / rate;
    this.loop = (async () => {
      const started = Date.now();
      for (let n = 0; this.running; n++) {
        const wait = started + n * interval - Date.now();
        if (wait > 0) await sleep(wait);
        if (!this.running) break;
        // Open loop, bounded: a stalled system does not pile up thousands of sockets.
        if (this.inFlight.size >= MAX_IN_FLIGHT) continue;
        const p: Promise<void> = this.one().finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    })();
  }

  /** Stops starting requests and waits for those in flight; returns this phase's records and writes. */
  async stop(): Promise<{ records: RequestRecord[]; writes: Writes }> {
    this.running = false;
    await this.loop;
    await Promise.all([...this.inFlight]);
    const out = { records: this.records, writes: this.writes };
    this.records = [];
    // Status changes stay: their notifications are counted over the whole run.
    this.writes = { ...emptyWrites(), statuses: this.writes.statuses };
    return out;
  }
}

/** Demo data (two employers with their companies, jobs, three candidates) plus a few more published jobs. */
async function seed(system: FaultSystem, load: Load, password: string): Promise<void> {
  const base = system.gatewayUrl();
  const demo = await loadDemoData(base, system.toolsLogin(), undefined, password);
  const employers = Object.values(demo.employers).map((u) => ({ id: u.id, token: u.token }));
  load.employers.push(...employers);
  load.candidates.push(...Object.values(demo.candidates).map((u) => ({ id: u.id, token: u.token, applied: new Set<number>() })));
  const { emma, lucas } = demo.employers;
  const owner: Record<number, Actor> = { [emma.id]: employers[0], [lucas.id]: employers[1] };
  for (const [key, id] of Object.entries(demo.jobs)) {
    if (key === 'backend') continue; // a draft
    load.jobs.push({ id, employer: owner[key === 'frontend' || key === 'intern' ? lucas.id : emma.id] });
  }
  // The demo's own applications (withdrawn ones too): the load never applies to the same job twice, so two rows for one pair are a duplicate.
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ candidate_id: number; job_id: number }>(
      `SELECT candidate_id, job_id FROM applications.job_applications`,
    );
    for (const row of rows) load.candidates.find((c) => c.id === row.candidate_id)?.applied.add(row.job_id);
  } finally {
    await db.end();
  }
  for (let i = 0; i < 8; i++) {
    const employer = employers[i % 2];
    const res = await fetch(`${base}/api/jobs/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${employer.token}` },
      body: JSON.stringify({
        title: `Fault suite role ${i + 1}`,
        description: 'A role published by the fault suite: the load applies to it while processes and servers are killed under it.',
        location: i % 2 ? 'Nantes' : 'Lyon',
        location_type: 'hybrid',
        job_type: 'full_time',
        currency: 'EUR',
      }),
    });
    if (res.status !== 201) throw new Error(`seeding a job answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    load.jobs.push({ id: ((await res.json()) as { id: number }).id, employer });
  }
}

// --- the checks ---------------------------------------------------------------------------------

interface CheckResult {
  lost: number;
  duplicated: number;
  failures: string[];
}

/** Every 2xx write of the phase stored exactly once, and the global invariants of the events (after they settled). */
async function check(db: Client, writes: Writes): Promise<CheckResult> {
  const failures: string[] = [];
  let lost = 0;
  let duplicated = 0;

  if (writes.signups.length) {
    const { rows } = await db.query<{ email: string; n: number; ids: number[] }>(
      `SELECT email, count(*)::int AS n, array_agg(id) AS ids FROM auth.users WHERE email = ANY($1) GROUP BY email`,
      [writes.signups.map((s) => s.email)],
    );
    const found = new Map(rows.map((r) => [r.email, r]));
    for (const s of writes.signups) {
      const row = found.get(s.email);
      if (!row || !row.ids.includes(s.id)) lost++;
      else if (row.n > 1) duplicated += row.n - 1;
    }
    if (lost) failures.push(`${lost} sign-up(s) answered 201 are not stored`);
  }

  if (writes.applies.length) {
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM applications.job_applications WHERE id = ANY($1)`, [
      writes.applies.map((a) => a.id),
    ]);
    const missing = writes.applies.length - rows.length;
    if (missing) failures.push(`${missing} application(s) answered 201 are not stored`);
    lost += missing;
    const { rows: twice } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications.job_applications WHERE (candidate_id, job_id) IN (SELECT * FROM unnest($1::int[], $2::int[]))
        GROUP BY candidate_id, job_id HAVING count(*) > 1`,
      [writes.applies.map((a) => a.candidate), writes.applies.map((a) => a.job)],
    );
    const extra = twice.reduce((sum, r) => sum + r.n - 1, 0);
    if (extra) failures.push(`${extra} application(s) stored twice for the same candidate and job`);
    duplicated += extra;
  }

  if (writes.statuses.size) {
    const ids = [...writes.statuses.keys()];
    const { rows } = await db.query<{ id: number; status: string; changes: number }>(
      `SELECT a.id, a.status::text AS status,
              (SELECT count(*)::int FROM notifications.notifications n WHERE n.related_application_id = a.id AND n.type = 'status_change') AS changes
         FROM applications.job_applications a WHERE a.id = ANY($1)`,
      [ids],
    );
    for (const row of rows) {
      const seen = writes.statuses.get(row.id)!;
      const last = seen.ok[seen.ok.length - 1];
      if (last && !seen.unclear && row.status !== last) {
        lost++;
        failures.push(`application ${row.id}: status ${row.status}, the last change answered 200 was ${last}`);
      }
      // One status_change notification per change: at least one per 200, at most one more per unclear answer.
      if (row.changes < seen.ok.length) {
        lost += seen.ok.length - row.changes;
        failures.push(`application ${row.id}: ${row.changes} status_change notification(s) for ${seen.ok.length} change(s) answered 200`);
      } else if (row.changes > seen.ok.length + seen.unclear) {
        duplicated += row.changes - seen.ok.length - seen.unclear;
        failures.push(
          `application ${row.id}: ${row.changes} status_change notification(s) for ${seen.ok.length + seen.unclear} change(s) sent`,
        );
      }
    }
  }

  // Global invariants, once the events settled: one new_application per application, counters = rows.
  const { rows: notified } = await db.query<{ id: number; n: number }>(
    `SELECT a.id, count(n.id)::int AS n FROM applications.job_applications a
       LEFT JOIN notifications.notifications n ON n.related_application_id = a.id AND n.type = 'new_application'
      GROUP BY a.id HAVING count(n.id) <> 1`,
  );
  const noNotification = notified.filter((r) => r.n === 0).length;
  const extraNotifications = notified.filter((r) => r.n > 1).reduce((sum, r) => sum + r.n - 1, 0);
  if (noNotification) failures.push(`${noNotification} application(s) without their new_application notification`);
  if (extraNotifications) failures.push(`${extraNotifications} extra new_application notification(s)`);
  lost += noNotification;
  duplicated += extraNotifications;

  const { rows: counts } = await db.query<{ id: number; count: number; rows: number }>(
    `SELECT j.id, j.applications_count AS count, count(a.id)::int AS rows
       FROM jobs.jobs j LEFT JOIN applications.job_applications a ON a.job_id = j.id AND a.status <> 'withdrawn'
      GROUP BY j.id HAVING j.applications_count <> count(a.id)`,
  );
  if (counts.length)
    failures.push(
      `applications_count differs from the rows on job(s) ${counts.map((c) => `${c.id} (${c.count} vs ${c.rows})`).join(', ')}`,
    );

  const { rows: parked } = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM jobs.parked_events) + (SELECT count(*) FROM notifications.parked_events)
          + (SELECT count(*) FROM applications.parked_events) + (SELECT count(*) FROM auth.parked_events) AS n`,
  );
  if (Number(parked[0].n) > 0) failures.push(`${parked[0].n} parked event(s)`);
  return { lost, duplicated, failures };
}

/** Polls check() until it passes or SETTLE_MS passed (events are asynchronous); returns the last result. */
async function settledCheck(db: Client, writes: Writes): Promise<CheckResult> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const result = await check(db, writes);
    if (result.failures.length === 0 || Date.now() >= deadline) return result;
    await sleep(1000);
  }
}

// --- the faults ---------------------------------------------------------------------------------

interface Fault {
  name: string;
  /** Counted against DEGRADED_SUCCESS_MIN: the system keeps a copy of the part that is down. */
  keepsServing: boolean;
  /** Not a fault but a change of set-up (its time to ready is not held to READY_LIMIT_MS). */
  setup?: boolean;
  /** Injects the fault and repairs it; returns how long the slowest process took to be ready after the repair. */
  run(ctx: { system: FaultSystem; load: Load; seconds: number }): Promise<number>;
}

function killAndRestart(name: ProcessName): Fault {
  return {
    name: `SIGKILL ${name}, restart`,
    keepsServing: false,
    async run({ system, seconds }) {
      await system.group.kill(name);
      const restart = await system.startProcess(name);
      await sleep(seconds * 1000);
      return Math.max(restart, await system.allReady());
    },
  };
}

const natsServerKill: Fault = {
  name: 'SIGKILL the NATS server leading the stream, restart',
  keepsServing: true,
  async run({ system, load, seconds }) {
    const server = system.cluster.servers[await system.streamLeader()];
    load.degraded = true;
    await server.kill();
    await sleep(seconds * 1000);
    await server.start();
    load.degraded = false;
    const ready = await system.allReady();
    await sleep(2000);
    return ready;
  },
};

const postgresRestart: Fault = {
  name: 'restart PostgreSQL (embedded, fast shutdown)',
  keepsServing: false,
  async run({ system, seconds }) {
    await system.restartPostgres(2000);
    const ready = await system.allReady();
    await sleep(seconds * 1000);
    return ready;
  },
};

function replicaKill(name: ProcessName): Fault {
  return {
    name: `SIGKILL one of two ${name} replicas, restart`,
    keepsServing: true,
    async run({ system, load, seconds }) {
      load.degraded = true;
      await system.group.kill(name);
      await sleep(seconds * 1000);
      const restart = await system.startProcess(name);
      load.degraded = false;
      return Math.max(restart, await system.allReady());
    },
  };
}

const startReplicas: Fault = {
  name: 'start a second replica of every process',
  keepsServing: true,
  setup: true,
  async run({ system }) {
    // Setup, not a repair: four services booting together on a small machine get the initial boot's time.
    const times = await Promise.all(SERVICE_NAMES.map((name) => system.startProcess(name, 'r2', 60_000)));
    times.push(await system.startProcess('gateway', 'r2', 60_000));
    return Math.max(...times);
  },
};

function faultList(options: FaultSuiteOptions): Fault[] {
  if (options.short) return [killAndRestart('applications'), natsServerKill];
  return [
    ...ALL.map(killAndRestart),
    natsServerKill,
    ...(options.sharedPostgres ? [] : [postgresRestart]),
    startReplicas,
    ...ALL.map(replicaKill),
  ];
}

// --- the run ------------------------------------------------------------------------------------

function summarize(records: RequestRecord[]): Pick<FaultRow, 'requests' | 'ok' | 'errors' | 'degraded'> {
  const errors: Record<string, number> = {};
  let ok = 0;
  for (const r of records) {
    if (r.status >= 200 && r.status < 300) ok++;
    else errors[r.status ? String(r.status) : 'net'] = (errors[r.status ? String(r.status) : 'net'] ?? 0) + 1;
  }
  const degraded = records.filter((r) => r.degraded);
  return {
    requests: records.length,
    ok,
    errors,
    degraded: degraded.length
      ? { requests: degraded.length, ok: degraded.filter((r) => r.status >= 200 && r.status < 300).length }
      : undefined,
  };
}

function markdownTable(rows: FaultRow[]): string {
  const lines = [
    '| fault | requests | 2xx | errors by status | while degraded | lost | duplicated | ready after | result |',
    '|---|---:|---:|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const errors =
      Object.entries(r.errors)
        .map(([status, n]) => `${status}×${n}`)
        .join(', ') || '–';
    const degraded = r.degraded
      ? `${r.degraded.ok}/${r.degraded.requests} (${((100 * r.degraded.ok) / r.degraded.requests).toFixed(1)} %)`
      : '–';
    const result = r.failures.length ? `FAIL: ${r.failures.join('; ')}` : 'ok';
    lines.push(
      `| ${r.fault} | ${r.requests} | ${r.ok} | ${errors} | ${degraded} | ${r.lost} | ${r.duplicated} | ${(r.readyMs / 1000).toFixed(1)} s | ${result} |`,
    );
  }
  return lines.join('\n');
}

export async function runFaultSuite(options: FaultSuiteOptions): Promise<FaultReport> {
  const log = options.log;
  const system = new FaultSystem(options);
  const rows: FaultRow[] = [];
  let db: Client | undefined;
  const password = generateDemoPassword();
  try {
    await system.start();
    let gateways = [system.gatewayUrl()];
    const load = new Load(() => gateways, password);
    await seed(system, load, password);
    log(`seeded: ${load.employers.length} employers, ${load.jobs.length} published jobs, ${load.candidates.length} candidates`);

    for (const fault of faultList(options)) {
      log(`fault: ${fault.name}`);
      const connect = async () => {
        const client = new Client({ connectionString: system.databaseUrl });
        client.on('error', () => undefined);
        await client.connect();
        return client;
      };
      load.start(options.rate);
      await sleep(2000);
      let readyMs = 0;
      const failures: string[] = [];
      try {
        readyMs = await fault.run({ system, load, seconds: options.seconds });
      } catch (error) {
        failures.push(`not ready again: ${(error as Error).message.split('\n')[0]}`);
        load.degraded = false;
      }
      if (fault === startReplicas) gateways = [system.gatewayUrl(), system.gatewayUrl('r2')];
      const { records, writes } = await load.stop();
      // After a PostgreSQL restart the checks' connection is a new one.
      await db?.end().catch(() => undefined);
      db = await connect();
      const checked = await settledCheck(db, writes);
      const summary = summarize(records);
      failures.push(...checked.failures);
      // Bad luck is a 503 or 504 with a stable code, never a 500 (architecture.md "Errors").
      if (summary.errors['500']) failures.push(`${summary.errors['500']} answer(s) 500`);
      if (readyMs > READY_LIMIT_MS && !fault.setup)
        failures.push(`ready after ${(readyMs / 1000).toFixed(1)} s (limit ${READY_LIMIT_MS / 1000} s)`);
      if (fault.keepsServing && summary.degraded && summary.degraded.ok / summary.degraded.requests < DEGRADED_SUCCESS_MIN) {
        failures.push(
          `${summary.degraded.ok} of ${summary.degraded.requests} requests succeeded while degraded (< ${DEGRADED_SUCCESS_MIN * 100} %)`,
        );
      }
      const row: FaultRow = {
        fault: fault.name,
        ...summary,
        degraded: fault.keepsServing ? summary.degraded : undefined,
        lost: checked.lost,
        duplicated: checked.duplicated,
        readyMs,
        failures,
      };
      rows.push(row);
      log(markdownTable([row]).split('\n')[2]);
    }
  } finally {
    await db?.end().catch(() => undefined);
    await system.stop();
  }
  const ok = rows.every((r) => r.failures.length === 0);
  const markdown = markdownTable(rows);
  return { rows, ok, markdown };
}

function options(argv: string[], env = process.env): FaultSuiteOptions {
  const num = (name: string, variable: string, fallback: number) => {
    const value = Number(flag(argv, name) ?? env[variable] ?? fallback);
    if (!(value > 0)) throw new Error(`--${name} (${variable}) must be a positive number`);
    return value;
  };
  return {
    rate: num('rate', 'FAULTS_RATE', 40),
    seconds: num('seconds', 'FAULTS_SECONDS', 6),
    short: argv.includes('--short'),
    sharedPostgres: argv.includes('--shared-postgres'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const startedAt = new Date();
  const report = await runFaultSuite(opts);
  const title = `# Fault suite, ${startedAt.toISOString()}\n\nrate ${opts.rate} req/s, ${opts.seconds} s of load per fault${opts.short ? ', short' : ''}${opts.sharedPostgres ? ', shared PostgreSQL' : ', embedded PostgreSQL'}\n\n`;
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `faults-${startedAt.toISOString().slice(0, 19).replace(/:/g, '-')}.md`);
  writeFileSync(file, `${title}${report.markdown}\n`);
  console.log(report.markdown);
  opts.log(`results: ${file}`);
  process.exitCode = report.ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`faults: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  });
}
