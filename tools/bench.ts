/**
 * `npm run bench`: load figures of a running IntoWork (`npm start` in another terminal) with
 * autocannon, from this machine only. Each route is reported with its throughput and latency and as
 * a ratio against the gateway's own /api/ping measured in the same run, because absolute figures on
 * a shared machine say little on their own. Figures only: nothing here asserts a speed.
 *
 *   BENCH_URL=http://127.0.0.1:8000 BENCH_SECONDS=10 BENCH_CONNECTIONS=20 npm run bench
 */
import autocannon from 'autocannon';
import { DEMO_PASSWORD } from './demo-data';

type Role = 'candidate' | 'employer';

interface Target {
  name: string;
  path: string;
  /** Signed in as this demo user (skipped when the demo data is not loaded). */
  as?: Role;
}

/** Demo users whose routes are measured (tools/demo-data.ts). */
const DEMO_USERS: Record<Role, string> = { candidate: 'alice.candidate@intowork.demo', employer: 'emma.employer@intowork.demo' };

const TARGETS: Target[] = [
  { name: 'baseline: gateway only', path: '/api/ping' },
  { name: 'one NATS round trip', path: '/api/system/ping/jobs' },
  { name: 'job list (page 1)', path: '/api/jobs?limit=10' },
  { name: 'job search (one word)', path: '/api/jobs?search=developer&limit=10' },
  { name: 'job list, remote filter', path: '/api/jobs?location_type=remote&limit=10' },
  { name: 'public stats', path: '/api/stats/public' },
  // The seed analysis's SLO routes that need a user: application list, dashboard stats.
  { name: "candidate's applications", path: '/api/applications/my/applications', as: 'candidate' },
  { name: "employer's applications", path: '/api/applications/employer/applications', as: 'employer' },
  { name: 'candidate dashboard', path: '/api/dashboard', as: 'candidate' },
  { name: 'employer dashboard', path: '/api/dashboard', as: 'employer' },
];

function run(url: string, seconds: number, connections: number, token?: string): Promise<autocannon.Result> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  return new Promise((resolve, reject) => {
    autocannon({ url, duration: seconds, connections, headers }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** An access token of a demo user, or undefined when the demo data is not there. */
async function signIn(base: string, email: string): Promise<string | undefined> {
  const res = await fetch(`${base}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  return res.ok ? ((await res.json()) as { access_token: string }).access_token : undefined;
}

async function main(): Promise<void> {
  const base = (process.env.BENCH_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '');
  const host = new URL(base).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`BENCH_URL must point at this machine (got ${host})`);
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  console.log(`IntoWork bench: ${base}, ${seconds}s per route, ${connections} connections\n`);
  const rows: Array<{ name: string; path: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }> = [];
  const tokens: Partial<Record<Role, string>> = {};
  for (const role of Object.keys(DEMO_USERS) as Role[]) tokens[role] = await signIn(base, DEMO_USERS[role]);
  for (const target of TARGETS) {
    const token = target.as ? tokens[target.as] : undefined;
    if (target.as && !token) {
      console.log(`skipped ${target.name}: cannot sign in as ${DEMO_USERS[target.as]} (no demo data?)`);
      continue;
    }
    const result = await run(base + target.path, seconds, connections, token);
    rows.push({
      name: target.name,
      path: target.path,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    });
  }
  const baseline = rows[0].rps || 1;
  console.log('| route | req/s | × baseline | p50 ms | p99 ms | non-2xx | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} \`${r.path}\` | ${r.rps.toFixed(0)} | ${(r.rps / baseline).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`);
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(1);
});
