import 'reflect-metadata';
import { Client } from 'pg';
import { signup } from './auth-helpers';
import { eventually, TestSystem } from '../support/test-system';

const TTL_MS = 1500;
/** Room for a poll interval and a loaded machine on top of the bound. */
const MARGIN_MS = 1000;

/**
 * The gateway's public cache (PublicCache) end to end: anonymous job lists and public figures are at
 * most PUBLIC_CACHE_TTL_MS old, a signed-in list never comes from it, TTL 0 turns it off. Then the
 * overload answers: a saturated jobs service gives 503 (Retry-After: 1) or 504, never a 500, and its
 * queries stop once the gateway gave up.
 */
describe('public cache and overload', () => {
  let system: TestSystem;
  let employer: { access_token: string };
  let candidate: { access_token: string };

  async function createJob(title: string): Promise<number> {
    const res = await system.request('POST', '/api/jobs/create', {
      token: employer.access_token,
      body: { title, description: 'D', location_type: 'remote', job_type: 'full_time' },
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async function anonymousIds(query = 'limit=50') {
    const res = await system.request('GET', `/api/jobs?${query}`);
    expect(res.status).toBe(200);
    return { ids: (res.body.jobs as { id: number }[]).map((j) => j.id), cacheControl: res.headers.get('cache-control') };
  }

  /** Polls until `check` holds; fails if that took longer than the cache's bound (plus the margin). */
  async function withinBound(check: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    await eventually(check, TTL_MS + MARGIN_MS, 50);
    return Date.now() - started;
  }

  beforeAll(async () => {
    system = await TestSystem.start('public_cache', { PUBLIC_CACHE_TTL_MS: String(TTL_MS) });
    employer = await signup(system, 'employer');
    candidate = await signup(system, 'candidate');
    const company = await system.request('POST', '/api/companies', { token: employer.access_token, body: { name: 'Cached Co' } });
    expect(company.status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows a newly published job to anonymous visitors within the bound, with a public max-age inside it', async () => {
    const before = await anonymousIds();
    expect(before.cacheControl).toMatch(/^public, max-age=[01]$/);
    const id = await createJob('Fresh job');
    await withinBound(async () => (await anonymousIds()).ids.includes(id));
  });

  it('drops a closed job from the anonymous list within the bound', async () => {
    const id = await createJob('Soon closed');
    await withinBound(async () => (await anonymousIds()).ids.includes(id));
    const closed = await system.request('PUT', `/api/jobs/${id}`, { token: employer.access_token, body: { status: 'closed' } });
    expect(closed.status).toBe(200);
    await withinBound(async () => !(await anonymousIds()).ids.includes(id));
  });

  it("never serves a signed-in candidate's list from the cache: new jobs and has_applied are right at once", async () => {
    await anonymousIds(); // the anonymous entry is fresh
    const id = await createJob('Apply here');
    const first = await system.request('GET', '/api/jobs?limit=50', { token: candidate.access_token });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    expect(first.body.jobs.find((j: { id: number }) => j.id === id)).toMatchObject({ has_applied: false });
    const applied = await system.request('POST', '/api/applications/my/applications', {
      token: candidate.access_token,
      body: { job_id: id },
    });
    expect(applied.status).toBe(201);
    const after = await system.request('GET', '/api/jobs?limit=50', { token: candidate.access_token });
    expect(after.body.jobs.find((j: { id: number }) => j.id === id)).toMatchObject({ has_applied: true });
  });

  it('makes one request to the services for concurrent anonymous misses of one query, and caches the public figures', async () => {
    const lookups = async () => {
      const text = await system.metrics();
      const count = (result: string) =>
        Number(new RegExp(`gateway_public_cache_lookups_total\\{result="${result}"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return { miss: count('miss'), coalesced: count('coalesced'), hit: count('hit') };
    };
    const before = await lookups();
    const answers = await Promise.all(Array.from({ length: 10 }, () => system.request('GET', '/api/jobs?limit=7&search=coalesce')));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const after = await lookups();
    expect(after.miss - before.miss).toBe(1);
    expect(after.coalesced + after.hit - before.coalesced - before.hit).toBe(9);
    const stats = await system.request('GET', '/api/stats/public');
    expect(stats.status).toBe(200);
    expect(stats.headers.get('cache-control')).toMatch(/^public, max-age=[01]$/);
  });

  it('is off with PUBLIC_CACHE_TTL_MS=0: a new job is in the anonymous list at once', async () => {
    await system.processes.stop('gateway');
    await system.startProcess('gateway', undefined, { PUBLIC_CACHE_TTL_MS: '0' });
    await anonymousIds();
    const id = await createJob('No cache');
    const now = await anonymousIds();
    expect(now.ids).toContain(id);
    expect(now.cacheControl).toBeNull();
  });

  it('answers 503 with Retry-After: 1 or 504, never 500, when the jobs service is saturated, and its queries end with their callers', async () => {
    // One connection, a short wait for it, and the jobs table locked: every job query blocks.
    await system.processes.stop('jobs');
    await system.startProcess('jobs', undefined, { DB_POOL_MAX: '1', DB_CONNECT_TIMEOUT_MS: '500', NATS_REQUEST_TIMEOUT_MS: '2000' });
    const admin = new Client({ connectionString: system.databaseUrl });
    // Another session to watch from: inside the locking transaction pg_stat_activity is a snapshot.
    const watcher = new Client({ connectionString: system.databaseUrl });
    await Promise.all([admin.connect(), watcher.connect()]);
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE jobs.jobs IN ACCESS EXCLUSIVE MODE');
      const sent = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => system.request('GET', `/api/jobs?limit=5&search=saturated${i}`)),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 503 || s === 504)).toBe(true);
      expect(statuses).toContain(503);
      for (const a of answers.filter((x) => x.status === 503)) {
        expect(a.headers.get('retry-after')).toBe('1');
        expect(a.body.code).toBe('SERVICE_OVERLOADED');
      }
      // Each request's deadline is NATS_REQUEST_TIMEOUT_MS (3 s in tests) after it left the gateway, even
      // when its answer came sooner (a 503 after the 500 ms pool wait while its first statement still
      // ran): within about a second after that, no jobs query is left waiting on the lock.
      let waiting: unknown[] = [];
      await eventually(
        async () => {
          const { rows } = await watcher.query(
            `SELECT query, clock_timestamp() - query_start AS age FROM pg_stat_activity WHERE usename = 'intowork_jobs' AND wait_event_type = 'Lock'`,
          );
          waiting = rows;
          return rows.length === 0;
        },
        Math.max(500, sent + 3000 + 1500 - Date.now()),
        100,
      ).catch((err: Error) => {
        throw new Error(`${err.message}: still waiting ${JSON.stringify(waiting)}`);
      });
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await Promise.all([admin.end(), watcher.end()]);
    }
    expect((await system.request('GET', '/api/jobs?limit=5&search=after')).status).toBe(200);
  });
});
