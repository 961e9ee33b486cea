import 'reflect-metadata';
import { EVENT_ID_HEADER, JOB_CHANGED, JobChangedEvent } from '@app/contracts';
import { headers as natsHeaders, JSONCodec } from 'nats';
import { randomUUID } from 'node:crypto';
import { eventually, TestSystem } from '../support/test-system';
import { Fixtures, TestUser } from './applications-fixtures';

/**
 * The applications service's read model of job summaries (applications.job_summaries), fed by
 * JOB_CHANGED / JOB_DELETED: it follows every change with the job's version, ignores older and
 * duplicate copies, and lets candidates apply and list while the jobs service is down.
 */
describe('job summaries read model (applications.job_summaries)', () => {
  let system: TestSystem;
  let fx: Fixtures;
  let employer: TestUser;
  const codec = JSONCodec();

  beforeAll(async () => {
    // Maintenance off: the expiry task is run by hand below.
    system = await TestSystem.start('readmodel', { DB_MAINTENANCE_INTERVAL_S: '0' });
    fx = new Fixtures(system);
    employer = await fx.user('employer', 'Rhea', 'Model');
    const company = await system.request('POST', '/api/companies', { token: employer.token, body: { name: 'Model Works' } });
    expect(company.status).toBe(201);
  });

  afterAll(async () => {
    await fx?.close();
    await system?.stop();
  });

  const apply = (user: TestUser, job: number) =>
    system.request('POST', '/api/applications/my/applications', { token: user.token, body: { job_id: job } });

  async function createJob(body: Record<string, unknown>): Promise<number> {
    const res = await system.request('POST', '/api/jobs/create', {
      token: employer.token,
      body: { description: 'Build read models.', location_type: 'hybrid', job_type: 'contract', ...body },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const updateJob = async (id: number, body: Record<string, unknown>) =>
    expect((await system.request('PUT', `/api/jobs/${id}`, { token: employer.token, body })).status).toBe(200);

  async function summary(id: number): Promise<Record<string, unknown> | undefined> {
    const { rows } = await fx.db.query(
      `SELECT id, employer_id, title, company_name, location, location_type, job_type, salary_min, salary_max, currency, status,
              to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at, version
         FROM applications.job_summaries WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The read model at exactly this version of the job (the jobs service's own version agrees). */
  async function atVersion(id: number, version: number): Promise<Record<string, unknown>> {
    const row = await eventually(async () => {
      const current = await summary(id);
      return current?.version === version ? current : undefined;
    });
    expect(await fx.count(`SELECT version AS n FROM jobs.jobs WHERE id = $1`, [id])).toBe(version);
    return row!;
  }

  const jobChangedEvents = (id: number) =>
    fx.count(`SELECT count(*) AS n FROM jobs.outbox WHERE subject = $1 AND (payload->>'job_id')::int = $2`, [JOB_CHANGED.subject, id]);

  async function publishJobChanged(payload: JobChangedEvent, eventId: string, msgID = eventId): Promise<void> {
    const h = natsHeaders();
    h.set(EVENT_ID_HEADER, eventId);
    await (await fx.nats()).jetstream().publish(JOB_CHANGED.subject, codec.encode(payload), { msgID, headers: h });
  }

  it('follows create, update, company rename, close and delete with the job version; counters and description edits are no change', async () => {
    const expiresAt = new Date(Date.now() + 30 * 86400_000);
    expiresAt.setUTCMilliseconds(0);
    const id = await createJob({
      title: 'Read Model Engineer',
      location: 'Lyon',
      salary_min: 50000,
      salary_max: 60000,
      expires_at: expiresAt.toISOString(),
    });
    // Applying straight after the create: the job's event may still be on its way, apply waits for it.
    const candidate = await fx.user('candidate', 'Ray', 'Quick');
    const applied = await apply(candidate, id);
    expect(applied.status).toBe(201);
    expect(applied.body.job).toEqual({
      id,
      title: 'Read Model Engineer',
      company_name: 'Model Works',
      location: 'Lyon',
      location_type: 'hybrid',
      job_type: 'contract',
      salary_min: 50000,
      salary_max: 60000,
      currency: 'EUR',
    });
    expect(await atVersion(id, 1)).toEqual({
      id,
      employer_id: employer.id,
      title: 'Read Model Engineer',
      company_name: 'Model Works',
      location: 'Lyon',
      location_type: 'hybrid',
      job_type: 'contract',
      salary_min: 50000,
      salary_max: 60000,
      currency: 'EUR',
      status: 'published',
      expires_at: expiresAt.toISOString(),
      version: 1,
    });
    // applications_count went up (a counter), views too: no new version, no event.
    await eventually(async () => (await fx.applicationsCount(id)) === 1);
    expect((await system.request('GET', `/api/jobs/${id}`, { token: candidate.token })).status).toBe(200);
    await updateJob(id, { description: 'Only the description changes.' });
    expect(await fx.count(`SELECT version AS n FROM jobs.jobs WHERE id = $1`, [id])).toBe(1);
    expect(await jobChangedEvents(id)).toBe(1);

    await updateJob(id, { title: 'Senior Read Model Engineer', location: null });
    expect(await atVersion(id, 2)).toMatchObject({ title: 'Senior Read Model Engineer', location: null, status: 'published' });

    const renamed = await system.request('PUT', '/api/companies/my-company', { token: employer.token, body: { name: 'Model Works SA' } });
    expect(renamed.status).toBe(200);
    expect(await atVersion(id, 3)).toMatchObject({ company_name: 'Model Works SA' });
    // The candidate's list and item show the job as it is now, from the read model.
    const mine = await system.request('GET', '/api/applications/my/applications', { token: candidate.token });
    expect(mine.body.applications[0].job).toMatchObject({
      title: 'Senior Read Model Engineer',
      company_name: 'Model Works SA',
      location: null,
    });
    const one = await system.request('GET', `/api/applications/my/applications/${applied.body.id}`, { token: candidate.token });
    expect(one.body).toMatchObject({ id: applied.body.id, job: { title: 'Senior Read Model Engineer', company_name: 'Model Works SA' } });

    await updateJob(id, { status: 'closed' });
    expect(await atVersion(id, 4)).toMatchObject({ status: 'closed' });
    const late = await apply(await fx.user('candidate'), id);
    expect(late.status).toBe(404);
    expect(late.body.code).toBe('APPLICATIONS.JOB_NOT_FOUND');
    expect(await jobChangedEvents(id)).toBe(4);

    expect((await system.request('DELETE', `/api/jobs/${id}`, { token: employer.token })).status).toBe(204);
    await eventually(async () => (await summary(id)) === undefined);
    // The cleanup consumer still removes the job's applications; the list falls back to nothing.
    await eventually(async () => (await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE job_id = $1`, [id])) === 0);
  });

  it('closes an expired job in the read model when maintenance closes it (a new version), and refuses it before that', async () => {
    const id = await createJob({ title: 'Short lived', expires_at: new Date(Date.now() + 1500).toISOString() });
    await atVersion(id, 1);
    await new Promise((r) => setTimeout(r, 1600));
    // Still published in the read model, but past its expiry: refused without asking the jobs service.
    expect((await summary(id))?.status).toBe('published');
    expect((await apply(await fx.user('candidate'), id)).body.code).toBe('APPLICATIONS.JOB_NOT_FOUND');
    const run = await system.rpc('jobs.ops.maintenance-run.v1');
    expect(run).toEqual({
      response: expect.objectContaining({ tasks: expect.arrayContaining([expect.objectContaining({ task: 'jobs-expire', rows: 1 })]) }),
    });
    expect(await atVersion(id, 2)).toMatchObject({ status: 'closed' });
  });

  it('a replayed older JOB_CHANGED changes nothing; one event delivered twice has one effect', async () => {
    const id = await createJob({ title: 'Versioned' });
    await updateJob(id, { title: 'Versioned v2' });
    const v2 = await atVersion(id, 2);
    const { rows } = await fx.db.query(
      `SELECT id, payload FROM jobs.outbox WHERE subject = $1 AND (payload->>'job_id')::int = $2 ORDER BY created_at`,
      [JOB_CHANGED.subject, id],
    );
    const [first, second] = rows.map((r) => r.payload as JobChangedEvent);
    expect([first.version, second.version]).toEqual([1, 2]);

    // The version-1 event again, as a replay would deliver it (a new event id: processed_events does not stop it).
    const replayId = randomUUID();
    await publishJobChanged(first, replayId);
    // The version-2 event again under its own event id (another stream copy): a duplicate.
    await publishJobChanged(second, rows[1].id, `copy-${rows[1].id}`);
    await fx.drained();
    expect(
      await fx.count(
        `SELECT count(*) AS n FROM applications.processed_events WHERE consumer = 'applications-job-summaries' AND event_id = $1`,
        [replayId],
      ),
    ).toBe(1);
    expect(await summary(id)).toEqual(v2);

    // One new event (version 3) delivered twice: applied once.
    const third = { ...second, title: 'Versioned v3', version: 3 };
    const eventId = randomUUID();
    await publishJobChanged(third, eventId, `a-${eventId}`);
    await publishJobChanged(third, eventId, `b-${eventId}`);
    await fx.drained();
    expect(await summary(id)).toMatchObject({ title: 'Versioned v3', version: 3 });
    expect(
      await fx.count(
        `SELECT count(*) AS n FROM applications.processed_events WHERE consumer = 'applications-job-summaries' AND event_id = $1`,
        [eventId],
      ),
    ).toBe(1);
    const metrics = await (await fetch(system.url('/metrics', 'applications'))).text();
    expect(metrics).toMatch(/events_handled_total\{[^}]*consumer="applications-job-summaries"[^}]*outcome="duplicate"[^}]*\} 2/);
  });

  it('applies and lists while the jobs service is stopped; a closed or expired job is refused', async () => {
    const open = await createJob({ title: 'Open while down' });
    const closed = await createJob({ title: 'Closed while down' });
    await updateJob(closed, { status: 'closed' });
    const expiring = await createJob({ title: 'Expired while down', expires_at: new Date(Date.now() + 1500).toISOString() });
    await Promise.all([atVersion(open, 1), atVersion(closed, 2), atVersion(expiring, 1)]);
    const candidate = await fx.user('candidate', 'Dana', 'Down');

    await system.processes.stop('jobs');
    try {
      const applied = await apply(candidate, open);
      expect(applied.status).toBe(201);
      expect(applied.body.job).toMatchObject({ id: open, title: 'Open while down', company_name: expect.stringContaining('Model Works') });
      expect((await apply(candidate, open)).status).toBe(409);
      const mine = await system.request('GET', '/api/applications/my/applications', { token: candidate.token });
      expect(mine.status).toBe(200);
      expect(mine.body.applications).toEqual([
        expect.objectContaining({
          id: applied.body.id,
          job: expect.objectContaining({ title: 'Open while down', location_type: 'hybrid' }),
        }),
      ]);
      expect((await system.request('GET', `/api/applications/my/applications/${applied.body.id}`, { token: candidate.token })).status).toBe(
        200,
      );

      expect((await apply(candidate, closed)).body.code).toBe('APPLICATIONS.JOB_NOT_FOUND');
      await new Promise((r) => setTimeout(r, 1600));
      const expired = await apply(candidate, expiring);
      expect(expired.status).toBe(404);
      expect(expired.body.code).toBe('APPLICATIONS.JOB_NOT_FOUND');
    } finally {
      await system.startProcess('jobs');
    }
    // The application's event reaches the jobs service once it is back.
    await eventually(async () => (await fx.applicationsCount(open)) === 1, 30000, 250);
  });
});
