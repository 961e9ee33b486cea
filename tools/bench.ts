/**
 * `npm run bench`: the benchmark at the seed analysis's scale. It builds (or reuses) the dataset
 * (tools/bench/dataset.ts), starts the whole system against it (a private nats-server on a spare
 * port, the four services and the gateway on spare ports, as `npm start` does), starts the baseline
 * (tools/bench/baseline-server.ts: the same SQL behind a bare node:http server), and measures with
 * autocannon:
 *   - every read scenario at a fixed rate (latency) and at saturation (throughput), the latter on
 *     the baseline too; the public job list with 1,000 connections;
 *   - the writes: apply (applications/s at 50 clients, then the apply → notification lag read from
 *     the database), the employer's status change, the candidate's withdrawal;
 *   - peak RSS and CPU seconds of each process per phase (/proc).
 * Results: bench/results/<ISO timestamp>.json and .md, and the Markdown on stdout. Figures only:
 * nothing here asserts a speed.
 *
 *   npm run bench -- [--scale 1] [--db intowork_bench] [--fresh] [--seconds 5] [--rate 200]
 *                    [--connections 100] [--wide 1000] [--write-connections 50] [--write-seconds 10] [--only <substring>]
 * (each flag also as BENCH_SCALE, BENCH_SECONDS, BENCH_RATE, BENCH_CONNECTIONS, BENCH_WIDE_CONNECTIONS,
 * BENCH_WRITE_CONNECTIONS, BENCH_WRITE_SECONDS, BENCH_ONLY; BENCH_DATABASE_URL for another server.)
 */
import 'reflect-metadata';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { PROCESS_PORTS, ProcessName, SERVICE_NAMES } from '@app/contracts';
import { natsCredentialsEnv, natsUsersFrom } from './lib/nats-auth';
import { startNatsServer, NatsServerHandle } from './lib/nats-server';
import { freePort, sleep } from './lib/ports';
import { ProcessGroup, repoRoot } from './lib/processes';
import { PROCESS_SECRETS, useRunSecrets } from './lib/secrets';
import { BENCH_PASSWORD, benchDatabaseUrl, benchEmail, DatasetInfo, ensureDataset, flag, userIds } from './bench/dataset';
import { PhaseFigures, Sampler } from './bench/sampler';
import { openLoop } from './bench/open-loop';
import { BenchOptions, markdownReport, Measure, ReadRow, withLatestRun, WriteRow } from './bench/report';

const ROOT = repoRoot();
const ALL: ProcessName[] = Object.keys(PROCESS_PORTS) as ProcessName[];

type Role = 'candidate' | 'employer' | 'admin';
interface User {
  id: number;
  role: Role;
  token: string;
}

interface Options extends BenchOptions {
  url: string;
  fresh: boolean;
  only?: string;
}

function options(argv: string[], env = process.env): Options {
  const num = (name: string, variable: string, fallback: number) => {
    const value = Number(flag(argv, name) ?? env[variable] ?? fallback);
    if (!(value > 0)) throw new Error(`--${name} (${variable}) must be a positive number`);
    return value;
  };
  return {
    scale: num('scale', 'BENCH_SCALE', 1),
    url: benchDatabaseUrl(argv, env),
    fresh: argv.includes('--fresh'),
    seconds: num('seconds', 'BENCH_SECONDS', 5),
    rate: num('rate', 'BENCH_RATE', 200),
    connections: num('connections', 'BENCH_CONNECTIONS', 100),
    wide: num('wide', 'BENCH_WIDE_CONNECTIONS', 1000),
    writeConnections: num('write-connections', 'BENCH_WRITE_CONNECTIONS', 50),
    // A sustained write rate needs more than a few seconds (an apply crosses three services and NATS).
    writeSeconds: num('write-seconds', 'BENCH_WRITE_SECONDS', 10),
    only: flag(argv, 'only') ?? env.BENCH_ONLY,
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);
/** Set by Ctrl-C or SIGTERM: what fails afterwards (the database closed under a measure) is no news. */
let interrupted = false;

// --- the system under test ----------------------------------------------------------------------

// The run's own secrets (no process has a default): the dataset's migrations and the processes must
// agree on the role passwords, so they go into this process's environment (a value set there wins).
useRunSecrets();

class System {
  readonly group = new ProcessGroup({ root: ROOT });
  readonly ports = {} as Record<ProcessName, number>;
  /** The gateway's METRICS_PORT (its /metrics is not on its public port). */
  metricsPort = 0;
  nats?: NatsServerHandle;
  baseline?: ChildProcess;
  baselinePort = 0;
  private storeDir?: string;

  async start(databaseUrl: string): Promise<void> {
    this.storeDir = mkdtempSync(join(tmpdir(), 'intowork-bench-nats-'));
    this.nats = await startNatsServer({ port: await freePort(), storeDir: this.storeDir, users: natsUsersFrom(process.env) });
    for (const name of ALL) this.ports[name] = await freePort();
    this.metricsPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
      ...Object.fromEntries(
        Object.keys(PROCESS_SECRETS)
          .filter((name) => !name.endsWith('_NATS_PASSWORD'))
          .map((name) => [name, process.env[name]]),
      ),
      DATABASE_URL: databaseUrl,
      NATS_URL: this.nats.url,
      // A bench run may outlast the default 15-minute access token.
      ACCESS_TOKEN_TTL_S: '7200',
      // No scheduled maintenance (job expiry, archiving) changing the dataset under the bench.
      DB_MAINTENANCE_INTERVAL_S: '0',
      ...Object.fromEntries(ALL.map((name) => [`${name.toUpperCase()}_PORT`, String(this.ports[name])])),
      METRICS_PORT: String(this.metricsPort),
      // The processes' NODE_OPTIONS instead of the usual heap bounds, e.g. to preload a profiler.
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    };
    const logDir = join(ROOT, '.data', 'bench', 'logs');
    const start = async (name: ProcessName) => {
      this.group.start(name, { ...env, ...natsCredentialsEnv(name, process.env) }, { logFile: join(logDir, `${name}.log`) });
      await this.group.waitReady(name, this.ports[name], 60_000);
    };
    await Promise.all(SERVICE_NAMES.map(start));
    await start('gateway');
    log(
      `system: gateway http://127.0.0.1:${this.ports.gateway} (metrics http://127.0.0.1:${this.metricsPort}/metrics), ` +
        `nats ${this.nats.url}, logs in .data/bench/logs`,
    );
  }

  async startBaseline(databaseUrl: string): Promise<void> {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'tools', 'bench', 'baseline-server.js')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, BASELINE_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.baseline = child;
    this.baselinePort = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (line) => resolve(Number(/listening (\d+)/.exec(line)?.[1])));
      child.once('exit', (code) => reject(new Error(`baseline-server exited with code ${code}`)));
    });
    log(`baseline: http://127.0.0.1:${this.baselinePort}`);
  }

  pids(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const name of ALL) {
      const pid = this.group.pid(name);
      if (pid) out[name] = [pid];
    }
    if (this.nats?.pid) out['nats-server'] = [this.nats.pid];
    if (this.baseline?.pid && this.baseline.exitCode === null) out.baseline = [this.baseline.pid];
    out['bench (autocannon)'] = [process.pid];
    return out;
  }

  async stop(): Promise<void> {
    await this.group.stopAll().catch((error: unknown) => log(`stopping the processes: ${String(error)}`));
    if (this.baseline && this.baseline.exitCode === null) {
      const exited = new Promise((done) => this.baseline!.once('exit', done));
      this.baseline.kill('SIGTERM');
      await exited;
    }
    await this.nats?.stop().catch(() => undefined);
    if (this.storeDir) rmSync(this.storeDir, { recursive: true, force: true });
  }
}

// --- load ---------------------------------------------------------------------------------------

function cannon(opts: autocannon.Options): Promise<Measure> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, r) => {
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      resolve({
        // Completed requests over the measured time (the per-second average misses a partial last second).
        rps: r.duration > 0 ? r.requests.total / r.duration : r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        total: r.requests.total,
      });
    });
  });
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface ReadScenario {
  name: string;
  path: string;
  as?: Role;
  /** What the seed analysis asks of it. */
  target?: { fixedP50?: number; fixedP99?: number; ratio?: number };
}

const LIST_TARGET = { fixedP50: 10, fixedP99: 50 };

function readScenarios(cursor: string | undefined, jobId: number): ReadScenario[] {
  const q = encodeURIComponent;
  return [
    { name: 'jobs: list', path: '/api/jobs', target: { ...LIST_TARGET, ratio: 0.5 } },
    { name: 'jobs: location=paris', path: '/api/jobs?location=paris', target: LIST_TARGET },
    { name: 'jobs: job_type=internship', path: '/api/jobs?job_type=internship', target: LIST_TARGET },
    { name: 'jobs: location_type=remote', path: '/api/jobs?location_type=remote', target: LIST_TARGET },
    { name: 'jobs: salary_min=70000', path: '/api/jobs?salary_min=70000', target: LIST_TARGET },
    { name: 'jobs: featured', path: '/api/jobs?featured=true', target: LIST_TARGET },
    ...(cursor ? [{ name: 'jobs: deep keyset page (cursor)', path: `/api/jobs?cursor=${cursor}`, target: LIST_TARGET }] : []),
    { name: 'jobs: page=500 (OFFSET)', path: '/api/jobs?page=500', target: LIST_TARGET },
    { name: 'search: rare pair "fortran erlang"', path: `/api/jobs?search=${q('fortran erlang')}`, target: { fixedP99: 50 } },
    { name: 'search: common "developer"', path: '/api/jobs?search=developer', target: { fixedP99: 50 } },
    { name: 'search: very common "team"', path: '/api/jobs?search=team', target: { fixedP99: 50 } },
    { name: 'search: accented "développeur"', path: `/api/jobs?search=${q('développeur')}`, target: { fixedP99: 50 } },
    { name: 'job detail', path: `/api/jobs/${jobId}` },
    { name: 'candidate: my applications', path: '/api/applications/my/applications', as: 'candidate', target: { fixedP50: 5 } },
    { name: 'employer: applications', path: '/api/applications/employer/applications', as: 'employer' },
    { name: 'notifications: list', path: '/api/notifications', as: 'employer' },
    { name: 'notifications: unread count', path: '/api/notifications/unread-count', as: 'employer' },
    { name: 'dashboard: candidate', path: '/api/dashboard', as: 'candidate', target: { fixedP50: 20 } },
    { name: 'dashboard: employer', path: '/api/dashboard', as: 'employer', target: { fixedP50: 20 } },
    { name: 'dashboard: admin', path: '/api/dashboard', as: 'admin', target: { fixedP50: 20 } },
    { name: 'stats: public', path: '/api/stats/public' },
  ];
}

/**
 * Walks the public list by next_cursor, 50 jobs a page (the most a page holds), and returns the
 * cursor after `jobs` jobs: the position only, valid for pages of any size.
 */
async function walkCursor(base: string, jobs: number): Promise<{ cursor?: string; walked: number }> {
  let cursor: string | undefined;
  let walked = 0;
  for (; walked < jobs; walked += 50) {
    const res = await fetch(`${base}/api/jobs?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    const body = (await res.json()) as { next_cursor?: string | null };
    if (!res.ok || !body.next_cursor) break;
    cursor = body.next_cursor;
  }
  return { cursor, walked };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const startedAt = new Date();
  // The machine is shared: its load beside the figures says how much they can be trusted.
  const loadStart = loadavg().map((x) => Number(x.toFixed(1)));
  const dataset: DatasetInfo = await ensureDataset({ scale: opts.scale, url: opts.url, fresh: opts.fresh, log });
  const ids = userIds(dataset.size);
  const system = new System();
  const db = new Client({ connectionString: opts.url });
  await db.connect();
  const databaseName = new URL(opts.url).pathname.slice(1);
  const sampler = new Sampler(async () => {
    const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [databaseName]);
    return { ...system.pids(), 'postgres (backends)': rows.map((r) => r.pid as number) };
  });
  sampler.start();
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    await system.stop();
    await db.end().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupted = true;
      log(`${signal}: stopping the bench`);
      void stopAll().then(() => process.exit(130));
    });
  }

  try {
    await sampler.phase('start-up');
    await system.start(opts.url);
    await system.startBaseline(opts.url);
    const base = `http://127.0.0.1:${system.ports.gateway}`;
    const baselineBase = `http://127.0.0.1:${system.baselinePort}`;

    // A handful of sign-ins (the sign-in rate limit is 5 per 15 minutes per IP).
    const { rows: applicantRows } = await db.query(
      `SELECT g AS n FROM generate_series(1, $1::int) g
        ORDER BY (SELECT count(*) FROM applications.job_applications WHERE candidate_id = $2::int + g), g LIMIT 1`,
      [dataset.size.applicants, ids.applicant(0)],
    );
    const applicantN = applicantRows[0].n as number;
    const users: Record<'candidate' | 'employer' | 'admin' | 'applicant', User> = {
      candidate: { id: ids.candidate(1), role: 'candidate', token: await signIn(base, benchEmail.candidate(1)) },
      employer: { id: ids.employer(1), role: 'employer', token: await signIn(base, benchEmail.employer(1)) },
      admin: { id: ids.admin(1), role: 'admin', token: await signIn(base, benchEmail.admin(1)) },
      applicant: { id: ids.applicant(applicantN), role: 'candidate', token: await signIn(base, benchEmail.applicant(applicantN)) },
    };

    // As deep as page=500 of 10 (OFFSET 4990).
    const { cursor, walked } = await walkCursor(base, 5000);
    log(`keyset: walked ${walked} jobs (pages of 50) for the deep cursor`);
    const { rows: detailRows } = await db.query(
      `SELECT id FROM jobs.jobs WHERE status = 'published' AND (expires_at IS NULL OR expires_at > now()) ORDER BY applications_count DESC, id LIMIT 1`,
    );
    const selected = readScenarios(cursor, detailRows[0].id).filter((s) => !opts.only || s.name.includes(opts.only));

    const headersFor = (s: ReadScenario) => (s.as ? { authorization: `Bearer ${users[s.as].token}` } : {});
    const baselineHeadersFor = (s: ReadScenario) =>
      s.as ? { 'x-bench-user': String(users[s.as].id), 'x-bench-role': users[s.as].role } : {};
    const reads: ReadRow[] = [];
    const secs = opts.seconds;
    // Requests autocannon gave up on are still being served (queued in the gateway, NATS, the services):
    // each measure starts once the bench database has had no active query for two checks in a row.
    const settle = async () => {
      const deadline = Date.now() + 60_000;
      for (let quiet = 0; quiet < 2 && Date.now() < deadline;) {
        await sleep(250);
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
          [databaseName],
        );
        quiet = rows[0].n === 0 ? quiet + 1 : 0;
        if (quiet < 2 && Date.now() >= deadline) log('settle: the database was still busy after 60 s; measuring anyway');
      }
    };
    for (const s of selected) {
      log(`read: ${s.name}`);
      await settle();
      await sampler.phase('reads at fixed rate');
      // One second at the same rate first, not measured: a filter's first request counts its total
      // (up to a few hundred ms at seed scale) and every request meanwhile waits on that count, which
      // is the cold start of a filter nobody asked for in 20 s, not the steady state the SLO is about.
      await openLoop({ url: base + s.path, headers: headersFor(s), rate: opts.rate, seconds: 1 });
      const fixed = await openLoop({ url: base + s.path, headers: headersFor(s), rate: opts.rate, seconds: secs });
      await settle();
      await sampler.phase('reads at saturation');
      const sat = await cannon({ url: base + s.path, headers: headersFor(s), duration: secs, connections: opts.connections });
      await settle();
      await sampler.phase('baseline at saturation');
      const baseline = await cannon({
        url: baselineBase + s.path,
        headers: baselineHeadersFor(s),
        duration: secs,
        connections: opts.connections,
      });
      reads.push({ name: s.name, path: s.path, as: s.as, fixed, saturation: sat, baseline, target: s.target });
    }

    let wide: (Measure & { connections: number }) | undefined;
    if (!opts.only || `jobs: list, ${opts.wide} connections`.includes(opts.only)) {
      log(`read: job list with ${opts.wide} connections`);
      await settle();
      await sampler.phase(`job list, ${opts.wide} connections`);
      wide = {
        ...(await cannon({ url: `${base}/api/jobs`, duration: secs, connections: opts.wide, timeout: 10 })),
        connections: opts.wide,
      };
    }

    const writes: WriteRow[] = [];
    let lag: { p50: number; p99: number; count: number; missing: number } | undefined;
    /** One write scenario: each request takes the next target, each target once (the measure ends early when they run out). */
    const write = async <T>(name: string, route: string, user: User, targets: T[], request: (t: T) => { path: string; body?: unknown }) => {
      log(name);
      if (targets.length === 0) return log(`${name}: nothing to do (no targets left in the dataset; --fresh rebuilds it)`);
      await settle();
      let next = 0;
      const [method] = route.split(' ');
      const measure = await cannon({
        url: base,
        duration: opts.writeSeconds,
        connections: Math.min(opts.writeConnections, targets.length),
        maxOverallRequests: targets.length,
        requests: [
          {
            method: method as 'POST',
            headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
            setupRequest: (req) => {
              const { path, body } = request(targets[next++ % targets.length]);
              return { ...req, path, body: body === undefined ? undefined : JSON.stringify(body) };
            },
          },
        ],
      });
      if (measure.total >= targets.length) log(`${name}: all ${targets.length} targets done before the end of the measure`);
      writes.push({ name, path: route, as: user.role, measure });
    };
    const wantWrite = (name: string) => !opts.only || name.includes(opts.only);
    if (['write: apply', 'write: employer status change', 'write: candidate withdraw'].some(wantWrite)) await sampler.phase('writes');
    if (wantWrite('write: apply')) {
      const runStart = new Date();
      const { rows } = await db.query(
        `SELECT j.id FROM jobs.jobs j WHERE j.status = 'published' AND (j.expires_at IS NULL OR j.expires_at > now())
            AND NOT EXISTS (SELECT 1 FROM applications.job_applications a WHERE a.job_id = j.id AND a.candidate_id = $1)
          ORDER BY j.id LIMIT 20000`,
        [users.applicant.id],
      );
      await write('write: apply', 'POST /api/applications/my/applications', users.applicant, rows, (r) => ({
        path: '/api/applications/my/applications',
        body: { job_id: r.id },
      }));
      lag = await notificationLag(db, users.applicant.id, runStart);
    }
    if (wantWrite('write: employer status change')) {
      const { rows } = await db.query(
        `SELECT id, CASE status WHEN 'applied' THEN 'viewed' WHEN 'viewed' THEN 'shortlisted' ELSE 'interview' END AS next
           FROM applications.job_applications WHERE employer_id = $1 AND status IN ('applied', 'viewed', 'shortlisted')
          ORDER BY id LIMIT 20000`,
        [users.employer.id],
      );
      await write(
        'write: employer status change',
        'PUT /api/applications/employer/applications/{id}/status',
        users.employer,
        rows,
        (r) => ({
          path: `/api/applications/employer/applications/${r.id}/status`,
          body: { status: r.next },
        }),
      );
    }
    if (wantWrite('write: candidate withdraw')) {
      const { rows } = await db.query(
        `SELECT id FROM applications.job_applications WHERE candidate_id = $1 AND status NOT IN ('accepted', 'rejected', 'withdrawn')
          ORDER BY applied_at DESC LIMIT 20000`,
        [users.applicant.id],
      );
      await write('write: candidate withdraw', 'DELETE /api/applications/my/applications/{id}', users.applicant, rows, (r) => ({
        path: `/api/applications/my/applications/${r.id}`,
      }));
    }

    const phases: Record<string, PhaseFigures> = await sampler.stop();
    const result = {
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      options: { ...opts, url: undefined, database: databaseName },
      dataset: { ...dataset, url: undefined },
      machine: {
        cpus: cpus().length,
        node: process.version,
        loadavg_start: loadStart,
        loadavg_end: loadavg().map((x) => Number(x.toFixed(1))),
      },
      reads,
      wide,
      writes,
      notification_lag_ms: lag,
      phases,
    };
    const markdown = markdownReport(result);
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(dir, `${stamp}.md`), markdown);
    console.log(markdown);
    log(`results: bench/results/${stamp}.json and .md`);
    if (!opts.only && opts.scale === 1) {
      const readme = join(ROOT, 'README.md');
      writeFileSync(readme, withLatestRun(readFileSync(readme, 'utf8'), markdown, `bench/results/${stamp}.md`));
      log('README.md: its bench table is this run');
    }
  } finally {
    await stopAll();
  }
}

/** apply → notification: the employer's notification's created_at minus the application's applied_at, for this run's applications. */
async function notificationLag(db: Client, candidateId: number, since: Date) {
  const query = () =>
    db.query(
      `SELECT count(*)::int AS apps, count(n.id)::int AS notified,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.created_at - a.applied_at) * 1000) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM n.created_at - a.applied_at) * 1000) AS p99
         FROM applications.job_applications a
         LEFT JOIN notifications.notifications n ON n.related_application_id = a.id AND n.type = 'new_application'
        WHERE a.candidate_id = $1 AND a.applied_at >= $2`,
      [candidateId, since],
    );
  // Requests still in flight when autocannon stopped are still being served, and the events are
  // asynchronous: wait (30 s at most) until the count is stable and every application has its notification.
  const deadline = Date.now() + 30_000;
  let { rows } = await query();
  let previous = -1;
  while ((rows[0].notified < rows[0].apps || rows[0].apps !== previous) && Date.now() < deadline) {
    previous = rows[0].apps;
    await new Promise((done) => setTimeout(done, 1000));
    ({ rows } = await query());
  }
  const r = rows[0];
  return {
    p50: Math.round(Number(r.p50 ?? 0)),
    p99: Math.round(Number(r.p99 ?? 0)),
    count: r.notified as number,
    missing: r.apps - r.notified,
  };
}

main().catch((error: unknown) => {
  if (interrupted) return;
  console.error(`bench: ${(error as Error)?.stack ?? String(error)}`);
  process.exit(1);
});
