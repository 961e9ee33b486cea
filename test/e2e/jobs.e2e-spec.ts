import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { requestHandler } from '@app/common';
import { Client } from 'pg';
import {
  APPLICATION_CREATED,
  APPLICATION_DELETED,
  APPLICATION_WITHDRAWN,
  JOBS_JOB_SUMMARIES,
  JOBS_MEMBERSHIP_GET,
  JOBS_MEMBERSHIP_SET,
  USER_DELETED,
} from '@app/contracts';
import { eventually, TestSystem } from '../support/test-system';

/**
 * Issue 4 end to end: companies, jobs, search and the job board through the gateway, with the jobs
 * service's NATS handlers and event consumers. Users sign up through /api/auth/signup.
 */
describe('jobs and companies', () => {
  let system: TestSystem;
  let db: Client;
  let nc: NatsConnection;
  const codec = JSONCodec<any>();

  interface User {
    id: number;
    token: string;
  }
  let employerA: User;
  let employerB: User;
  let employerC: User;
  let candidate: User;
  const ids: Record<string, number> = {};

  /** A user through the real sign-up route (the suite raises the sign-up rate limit). */
  async function user(role: 'candidate' | 'employer'): Promise<User> {
    const res = await system.request('POST', '/api/auth/signup', {
      body: { email: `${role}.${randomUUID()}@example.com`, password: 'Str0ng!Passw0rd', first_name: 'Test', last_name: 'User', role },
    });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.user.id, token: res.body.access_token };
  }

  /** A request to a service's handler, as another process sends it. */
  async function rpc(subject: string, data: unknown): Promise<{ response?: any; err?: any }> {
    return requestHandler(nc, subject, data, { timeout: 5000 });
  }

  /** Publishes an application-like event the way a producer's outbox relay would: event id as header and message id. */
  async function publishEvent(subject: string, payload: unknown, eventId: string, msgId = eventId): Promise<void> {
    const h = natsHeaders();
    h.set('x-event-id', eventId);
    await nc.jetstream().publish(subject, codec.encode(payload), { msgID: msgId, headers: h });
  }

  async function createJob(token: string, body: Record<string, unknown>) {
    const res = await system.request('POST', '/api/jobs/create', {
      token,
      body: { location_type: 'on_site', job_type: 'full_time', ...body },
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function list(query: string, token?: string): Promise<number[]> {
    const res = await system.request('GET', `/api/jobs?limit=50&${query}`, { token });
    expect(res.status).toBe(200);
    return (res.body.jobs as { id: number }[]).map((j) => j.id).sort((a, b) => a - b);
  }

  const sorted = (...names: string[]) => names.map((n) => ids[n]).sort((a, b) => a - b);

  beforeAll(async () => {
    system = await TestSystem.start('jobs', { RATE_LIMIT_SIGNUP: '100/3600' });
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    nc = await connect(system.natsOptions());
    employerA = await user('employer');
    employerB = await user('employer');
    employerC = await user('employer');
    candidate = await user('candidate');
  });

  afterAll(async () => {
    await nc?.close();
    await db?.end();
    await system?.stop();
  });

  describe('companies', () => {
    it('an employer creates one company and becomes its member; a second one is 409', async () => {
      const res = await system.request('POST', '/api/companies', {
        token: employerA.token,
        body: { name: 'Acme Café', industry: 'Software', size: '11-50', city: 'Paris', website_url: 'https://acme.example' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.any(Number),
        name: 'Acme Café',
        industry: 'Software',
        size: '11-50',
        city: 'Paris',
        logo_url: null,
      });
      ids.acme = res.body.id;
      const again = await system.request('POST', '/api/companies', { token: employerA.token, body: { name: 'Acme 2' } });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('JOBS.ALREADY_IN_COMPANY');
      const globex = await system.request('POST', '/api/companies', { token: employerB.token, body: { name: 'Globex' } });
      expect(globex.status).toBe(201);
      ids.globex = globex.body.id;
    });

    it('refuses candidates, anonymous callers and bad fields', async () => {
      expect((await system.request('POST', '/api/companies', { token: candidate.token, body: { name: 'X' } })).status).toBe(403);
      expect((await system.request('POST', '/api/companies', { body: { name: 'X' } })).status).toBe(401);
      const bad = await system.request('POST', '/api/companies', { token: employerC.token, body: { name: '', website_url: 'not a url' } });
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('my-company: 404 without one, members read and update it', async () => {
      for (const path of ['/api/companies/my-company', '/api/companies/my-company/stats']) {
        const none = await system.request('GET', path, { token: employerC.token });
        expect(none.status).toBe(404);
        expect(none.body.code).toBe('JOBS.COMPANY_NOT_FOUND');
      }
      expect((await system.request('PUT', '/api/companies/my-company', { token: employerC.token, body: { city: 'Nice' } })).status).toBe(
        404,
      );
      const mine = await system.request('GET', '/api/companies/my-company', { token: employerA.token });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id: ids.acme, name: 'Acme Café' });
      const updated = await system.request('PUT', '/api/companies/my-company', {
        token: employerA.token,
        body: { description: 'Coffee and code' },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: ids.acme, name: 'Acme Café', description: 'Coffee and code', city: 'Paris' });
    });

    it('membership over NATS: get, leave and come back to your own company; never join another one', async () => {
      expect((await rpc(JOBS_MEMBERSHIP_GET.subject, { user_id: employerA.id })).response).toEqual({ company_id: ids.acme });
      expect((await rpc(JOBS_MEMBERSHIP_GET.subject, { user_id: employerC.id })).response).toEqual({ company_id: null });
      const unknown = await rpc(JOBS_MEMBERSHIP_SET.subject, { user_id: employerC.id, company_id: 999999 });
      expect(unknown.err?.code).toBe('JOBS.COMPANY_NOT_FOUND');
      const foreign = await rpc(JOBS_MEMBERSHIP_SET.subject, { user_id: employerC.id, company_id: ids.acme });
      expect(foreign.err?.code).toBe('JOBS.COMPANY_JOIN_FORBIDDEN');
      // The same rules through the identity engineer's /api/employers/me.
      const viaGateway = await system.request('PUT', '/api/employers/me', { token: employerC.token, body: { company_id: ids.acme } });
      expect(viaGateway.status).toBe(403);
      expect(viaGateway.body.code).toBe('JOBS.COMPANY_JOIN_FORBIDDEN');
      expect((await system.request('PUT', '/api/employers/me', { token: employerC.token, body: { company_id: 999999 } })).status).toBe(404);
      expect((await system.request('GET', '/api/employers/me', { token: employerA.token })).body.company_id).toBe(ids.acme);
      expect((await rpc(JOBS_MEMBERSHIP_SET.subject, { user_id: employerB.id, company_id: null })).response).toEqual({ company_id: null });
      expect((await rpc(JOBS_MEMBERSHIP_SET.subject, { user_id: employerB.id, company_id: ids.globex })).response).toEqual({
        company_id: ids.globex,
      });
    });
  });

  describe('creating jobs', () => {
    it('needs an employer with a company, valid enums and a sane salary range', async () => {
      const body = { title: 'T', description: 'D', location_type: 'remote', job_type: 'full_time' };
      const asCandidate = await system.request('POST', '/api/jobs/create', { token: candidate.token, body });
      expect(asCandidate.status).toBe(403);
      const noCompany = await system.request('POST', '/api/jobs/create', { token: employerC.token, body });
      expect(noCompany.status).toBe(403);
      expect(noCompany.body.code).toBe('JOBS.COMPANY_REQUIRED');
      expect((await system.request('POST', '/api/jobs/create', { body })).status).toBe(401);
      const badEnum = await system.request('POST', '/api/jobs/create', { token: employerA.token, body: { ...body, job_type: 'forever' } });
      expect(badEnum.status).toBe(422);
      expect(badEnum.body.detail[0].loc).toEqual(['body', 'job_type']);
      const badRange = await system.request('POST', '/api/jobs/create', {
        token: employerA.token,
        body: { ...body, salary_min: 70000, salary_max: 50000 },
      });
      expect(badRange.status).toBe(400);
      expect(badRange.body.code).toBe('JOBS.INVALID_SALARY_RANGE');
      const blank = await system.request('POST', '/api/jobs/create', { token: employerA.token, body: { ...body, title: '   ' } });
      expect(blank.status).toBe(422);
      expect(blank.body.detail[0].loc).toEqual(['body', 'title']);
      const badStatus = await system.request('POST', '/api/jobs/create', { token: employerA.token, body: { ...body, status: 'closed' } });
      expect(badStatus.status).toBe(422);
      const nul = await system.request('POST', '/api/jobs/create', {
        token: employerA.token,
        body: { ...body, requirements: 'Node\u0000' },
      });
      expect(nul.status).toBe(422);
      expect(nul.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'requirements'], type: 'noNulCharacter' })]);
    });

    it('creates the seeded set and answers the Job shape', async () => {
      const long = 'Rejoignez notre équipe produit. '.repeat(20);
      const j1 = await createJob(employerA.token, {
        title: 'Développeur Backend',
        description: long,
        location: 'Paris 11e',
        location_type: 'on_site',
        job_type: 'full_time',
        salary_min: 45000,
        salary_max: 60000,
        requirements: 'TypeScript',
        benefits: 'Tickets resto',
      });
      expect(j1).toMatchObject({
        id: expect.any(Number),
        title: 'Développeur Backend',
        company_name: 'Acme Café',
        company_logo_url: null,
        location: 'Paris 11e',
        location_type: 'on_site',
        job_type: 'full_time',
        salary_min: 45000,
        salary_max: 60000,
        currency: 'EUR',
        is_featured: false,
        views_count: 0,
        applications_count: 0,
        has_applied: false,
        status: 'published',
        employment_type: 'full_time',
        salary_range: '45,000 - 60,000 EUR',
        requirements: 'TypeScript',
        benefits: 'Tickets resto',
        responsibilities: null,
        company_description: 'Coffee and code',
        company_industry: 'Software',
        company_size: '11-50',
      });
      expect(Date.parse(j1.posted_at)).toBeGreaterThan(Date.now() - 60000);
      ids.j1 = j1.id;
      ids.j2 = (
        await createJob(employerA.token, {
          title: 'Software Developer',
          description: 'Build APIs for our customers.',
          location: 'Lyon',
          location_type: 'remote',
          job_type: 'contract',
          salary_min: 70000,
          salary_max: 90000,
        })
      ).id;
      const draft = await createJob(employerA.token, {
        title: 'Data Analyst',
        description: 'SQL and dashboards.',
        location: 'Saint-Étienne',
        location_type: 'hybrid',
        job_type: 'part_time',
        status: 'draft',
      });
      expect(draft).toMatchObject({ status: 'draft', posted_at: null, salary_range: null });
      ids.j3 = draft.id;
      ids.j4 = (
        await createJob(employerB.token, {
          title: 'Product Manager',
          description: 'Lead the roadmap.',
          location: 'saint-etienne',
          location_type: 'hybrid',
          job_type: 'internship',
          salary_min: 30000,
          salary_max: 35000,
        })
      ).id;
      ids.j5 = (
        await createJob(employerB.token, {
          title: 'Ingénieur DevOps',
          description: 'Kubernetes et cloud.',
          location: 'PARIS',
          location_type: 'remote',
          job_type: 'full_time',
          salary_min: 55000,
          salary_max: 65000,
        })
      ).id;
    });
  });

  describe('the public list', () => {
    it('lists published jobs only, newest first, with the list shape and a 300-character description', async () => {
      const res = await system.request('GET', '/api/jobs');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 4, page: 1, limit: 10, total_pages: 1, next_cursor: null });
      expect(res.body.jobs.map((j: { id: number }) => j.id)).toEqual([ids.j5, ids.j4, ids.j2, ids.j1]);
      const j1 = res.body.jobs[3];
      expect(j1.description).toHaveLength(303);
      expect(j1.description.endsWith('...')).toBe(true);
      expect(Object.keys(j1).sort()).toEqual(
        [
          'id',
          'title',
          'description',
          'company_name',
          'company_logo_url',
          'location',
          'location_type',
          'job_type',
          'salary_min',
          'salary_max',
          'currency',
          'posted_at',
          'is_featured',
          'views_count',
          'applications_count',
          'has_applied',
        ].sort(),
      );
      expect((await system.request('GET', '/api/jobs/')).body.total).toBe(4);
    });

    it('filters by location (case and accents ignored), job type, location type and minimum salary', async () => {
      expect(await list('location=paris')).toEqual(sorted('j1', 'j5'));
      expect(await list('location=%C3%89TIENNE')).toEqual(sorted('j4'));
      expect(await list('job_type=full_time')).toEqual(sorted('j1', 'j5'));
      expect(await list('location_type=remote')).toEqual(sorted('j2', 'j5'));
      expect(await list('salary_min=55000')).toEqual(sorted('j2', 'j5'));
      expect(await list('salary_min=60000')).toEqual(sorted('j2'));
      expect(await list('location_type=remote&job_type=full_time&location=par')).toEqual(sorted('j5'));
      const bad = await system.request('GET', '/api/jobs?job_type=forever&limit=51');
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });

    it('searches title, description and company name, ignoring case and accents, in French and English', async () => {
      expect(await list('search=developpeur')).toEqual(sorted('j1'));
      expect(await list('search=D%C3%89VELOPPEUR')).toEqual(sorted('j1'));
      expect(await list(`search=${encodeURIComponent('développeurs')}`)).toEqual(sorted('j1'));
      expect(await list('search=developers')).toEqual(sorted('j2'));
      expect(await list('search=globex')).toEqual(sorted('j4', 'j5'));
      expect(await list('search=cafe')).toEqual(sorted('j1', 'j2'));
      expect(await list('search=kubernetes')).toEqual(sorted('j5'));
      expect(await list('search=software%20developer')).toEqual(sorted('j2'));
      expect(await list('search=developer%20globex')).toEqual([]);
      expect(await list('search=dev&location_type=remote')).toEqual(sorted('j2', 'j5'));
      expect(await list(`search=${encodeURIComponent("'&|!:*()")}`)).toEqual(sorted('j1', 'j2', 'j4', 'j5'));
      const ranked = await system.request('GET', '/api/jobs?search=developpeur%20backend&sort=relevance');
      expect(ranked.status).toBe(200);
      expect(ranked.body.jobs.map((j: { id: number }) => j.id)).toEqual([ids.j1]);
    });

    it('stats/recent counts jobs published in the window', async () => {
      const res = await system.request('GET', '/api/jobs/stats/recent?days=7');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ count: 4, days: 7 });
      expect((await system.request('GET', '/api/jobs/stats/recent?days=0')).status).toBe(422);
      expect((await system.request('GET', '/api/jobs/stats/recent?days=31')).status).toBe(422);
    });

    it('bounds every number in a query: one too large for the database is 422, not 500', async () => {
      for (const query of ['salary_min=1000000000000000', 'page=100001', 'limit=51', 'page=1.5']) {
        const res = await system.request('GET', `/api/jobs?${query}`);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 422, code: 'VALIDATION_FAILED' });
      }
      expect((await system.request('GET', '/api/jobs/99999999999')).status).toBe(422);
      // PostgreSQL cannot store U+0000: a string carrying it is a 422, in a query as in a body.
      const nulQuery = await system.request('GET', `/api/jobs?search=${encodeURIComponent('dev\u0000')}`);
      expect(nulQuery.status).toBe(422);
      expect(nulQuery.body.detail).toEqual([expect.objectContaining({ loc: ['query', 'search'], type: 'noNulCharacter' })]);
    });

    it('an expired posting leaves the public board and its detail page, not its owner’s view', async () => {
      const soon = await createJob(employerA.token, {
        title: 'Short-lived role',
        description: 'Expires quickly.',
        expires_at: new Date(Date.now() + 2000).toISOString(),
      });
      expect(await list('search=short-lived')).toEqual([soon.id]);
      await new Promise((r) => setTimeout(r, 2200));
      expect(await list('search=short-lived')).toEqual([]);
      expect((await system.request('GET', `/api/jobs/${soon.id}`)).status).toBe(404);
      expect((await system.request('GET', `/api/jobs/${soon.id}`, { token: employerA.token })).status).toBe(200);
      // Applying checks the expiry in its read model of the job: an expired posting takes no application.
      const late = await system.request('POST', '/api/applications/my/applications', { token: candidate.token, body: { job_id: soon.id } });
      expect(late.status).toBe(404);
      expect(late.body.code).toBe('APPLICATIONS.JOB_NOT_FOUND');
      // The jobs service's maintenance (task jobs-expire) closes it, so its owner sees it closed.
      const run = await system.rpc('jobs.ops.maintenance-run.v1');
      expect(run).toEqual({
        response: expect.objectContaining({ tasks: expect.arrayContaining([expect.objectContaining({ task: 'jobs-expire', rows: 1 })]) }),
      });
      expect((await system.request('GET', `/api/jobs/${soon.id}`, { token: employerA.token })).body.status).toBe('closed');
      const past = await system.request('POST', '/api/jobs/create', {
        token: employerA.token,
        body: { title: 'x', description: 'y', location_type: 'remote', job_type: 'contract', expires_at: '2020-01-01T00:00:00Z' },
      });
      expect(past.status).toBe(400);
      expect(past.body.code).toBe('JOBS.INVALID_DATES');
      expect((await system.request('DELETE', `/api/jobs/${soon.id}`, { token: employerA.token })).status).toBe(204);
    });

    it('has_applied is false for a candidate who has not applied', async () => {
      const res = await system.request('GET', '/api/jobs', { token: candidate.token });
      expect(res.status).toBe(200);
      expect(res.body.jobs.every((j: { has_applied: boolean }) => j.has_applied === false)).toBe(true);
    });
  });

  describe('job detail', () => {
    it('shows published jobs to everyone and drafts to their owner only', async () => {
      const pub = await system.request('GET', `/api/jobs/${ids.j1}`);
      expect(pub.status).toBe(200);
      expect(pub.body).toMatchObject({
        id: ids.j1,
        status: 'published',
        salary_range: '45,000 - 60,000 EUR',
        employment_type: 'full_time',
        has_applied: false,
      });
      expect(pub.body.created_at).toEqual(expect.any(String));
      for (const token of [undefined, candidate.token, employerB.token]) {
        const res = await system.request('GET', `/api/jobs/${ids.j3}`, { token });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('JOBS.NOT_FOUND');
      }
      const own = await system.request('GET', `/api/jobs/${ids.j3}`, { token: employerA.token });
      expect(own.status).toBe(200);
      expect(own.body.status).toBe('draft');
      expect((await system.request('GET', '/api/jobs/999999')).status).toBe(404);
      expect((await system.request('GET', '/api/jobs/abc')).status).toBe(422);
    });

    it('counts views (buffered, written within seconds), not the owner’s own', async () => {
      const before = (await db.query(`SELECT views_count FROM jobs.jobs WHERE id = $1`, [ids.j4])).rows[0].views_count;
      await Promise.all([1, 2, 3].map(() => system.request('GET', `/api/jobs/${ids.j4}`, { token: candidate.token })));
      await system.request('GET', `/api/jobs/${ids.j4}`, { token: employerB.token });
      await eventually(
        async () => (await db.query(`SELECT views_count FROM jobs.jobs WHERE id = $1`, [ids.j4])).rows[0].views_count === before + 3,
        8000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect((await db.query(`SELECT views_count FROM jobs.jobs WHERE id = $1`, [ids.j4])).rows[0].views_count).toBe(before + 3);
    });

    it('writes the views still in memory when the service stops (SIGTERM)', async () => {
      const views = async () => (await db.query(`SELECT views_count FROM jobs.jobs WHERE id = $1`, [ids.j5])).rows[0].views_count as number;
      await system.processes.stop('jobs');
      // A flush interval longer than the test: only the shutdown can write these views.
      await system.startProcess('jobs', undefined, { JOB_VIEWS_FLUSH_INTERVAL_MS: '60000' });
      try {
        const before = await views();
        for (let i = 0; i < 2; i++) expect((await system.request('GET', `/api/jobs/${ids.j5}`)).status).toBe(200);
        expect(await views()).toBe(before);
        await system.processes.stop('jobs');
        expect(await views()).toBe(before + 2);
      } finally {
        await system.startProcess('jobs');
      }
    });
  });

  describe('updating and deleting', () => {
    it('only the owner updates: 403 for another employer, 404 for another’s draft', async () => {
      const other = await system.request('PUT', `/api/jobs/${ids.j1}`, { token: employerB.token, body: { title: 'Hijacked' } });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('JOBS.NOT_OWNER');
      expect((await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerB.token, body: { title: 'x' } })).status).toBe(404);
      expect((await system.request('PUT', `/api/jobs/${ids.j1}`, { token: candidate.token, body: { title: 'x' } })).status).toBe(403);
      const range = await system.request('PUT', `/api/jobs/${ids.j1}`, { token: employerA.token, body: { salary_min: 70000 } });
      expect(range.status).toBe(400);
      expect(range.body.code).toBe('JOBS.INVALID_SALARY_RANGE');
      expect((await system.request('PUT', `/api/jobs/${ids.j1}`, { token: employerA.token, body: { status: 'gone' } })).status).toBe(422);
      const ok = await system.request('PUT', `/api/jobs/${ids.j1}`, {
        token: employerA.token,
        body: { title: 'Développeur Backend Senior', salary_max: 65000 },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ title: 'Développeur Backend Senior', salary_range: '45,000 - 65,000 EUR', location: 'Paris 11e' });
    });

    it('moves along the status lifecycle, sets posted_at on first publication, and never goes back', async () => {
      const published = await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'published' } });
      expect(published.status).toBe(200);
      expect(published.body.status).toBe('published');
      const postedAt = published.body.posted_at;
      expect(Date.parse(postedAt)).toBeGreaterThan(Date.now() - 60000);
      const back = await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'draft' } });
      expect(back.status).toBe(409);
      expect(back.body.code).toBe('JOBS.INVALID_STATUS_TRANSITION');
      expect((await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'closed' } })).status).toBe(200);
      expect((await system.request('GET', `/api/jobs/${ids.j3}`)).status).toBe(404);
      const reopened = await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'published' } });
      expect(reopened.body.posted_at).toBe(postedAt);
      expect((await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'closed' } })).status).toBe(200);
      expect((await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'archived' } })).status).toBe(
        200,
      );
      expect((await system.request('PUT', `/api/jobs/${ids.j3}`, { token: employerA.token, body: { status: 'published' } })).status).toBe(
        409,
      );
    });

    it('my-jobs lists the employer’s own jobs of every status, with status_filter and search', async () => {
      const all = await system.request('GET', '/api/jobs/my-jobs', { token: employerA.token });
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.jobs.map((j: { id: number }) => j.id).sort((a: number, b: number) => a - b)).toEqual(sorted('j1', 'j2', 'j3'));
      const archived = await system.request('GET', '/api/jobs/my-jobs?status_filter=archived', { token: employerA.token });
      expect(archived.body.jobs.map((j: { id: number }) => j.id)).toEqual([ids.j3]);
      const searched = await system.request('GET', '/api/jobs/my-jobs?search=developers', { token: employerA.token });
      expect(searched.body.jobs.map((j: { id: number }) => j.id)).toEqual([ids.j2]);
      expect((await system.request('GET', '/api/jobs/my-jobs', { token: candidate.token })).status).toBe(403);
      expect((await system.request('GET', '/api/jobs/my-jobs?status_filter=open', { token: employerA.token })).status).toBe(422);
    });

    it('a company rename reaches its jobs (list, search) in the same transaction', async () => {
      const res = await system.request('PUT', '/api/companies/my-company', { token: employerA.token, body: { name: 'Acme Coffee' } });
      expect(res.status).toBe(200);
      const { rows } = await db.query(`SELECT DISTINCT company_name FROM jobs.jobs WHERE company_id = $1`, [ids.acme]);
      expect(rows).toEqual([{ company_name: 'Acme Coffee' }]);
      expect(await list('search=coffee')).toEqual(sorted('j1', 'j2'));
      expect(await list('search=cafe')).toEqual([]);
    });

    it('deletes: 403 for another employer, 204 for the owner, with JOB_DELETED in the outbox', async () => {
      const other = await system.request('DELETE', `/api/jobs/${ids.j2}`, { token: employerB.token });
      expect(other.status).toBe(403);
      const del = await system.request('DELETE', `/api/jobs/${ids.j2}`, { token: employerA.token });
      expect(del.status).toBe(204);
      expect((await system.request('GET', `/api/jobs/${ids.j2}`)).status).toBe(404);
      expect((await system.request('DELETE', `/api/jobs/${ids.j2}`, { token: employerA.token })).status).toBe(404);
      const { rows } = await db.query(
        `SELECT payload FROM jobs.outbox WHERE subject = 'events.jobs.job.deleted.v1' AND (payload->>'job_id')::int = $1`,
        [ids.j2],
      );
      expect(rows.map((r) => r.payload)).toEqual([{ job_id: ids.j2, employer_id: employerA.id }]);
    });

    it('company stats and the public company list count jobs', async () => {
      const stats = await system.request('GET', '/api/companies/my-company/stats', { token: employerA.token });
      expect(stats.status).toBe(200);
      expect(stats.body).toEqual({ active_jobs: 1, total_jobs: 2, total_applications: 0, total_employers: 1 });
      const all = await system.request('GET', '/api/companies/all?limit=1');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 2, page: 1, limit: 1, total_pages: 2 });
      expect(all.body.companies[0]).toMatchObject({ id: ids.acme, name: 'Acme Coffee', total_jobs: 1, created_at: expect.any(String) });
      const second = await system.request('GET', '/api/companies/all?limit=1&page=2');
      expect(second.body.companies[0]).toMatchObject({ id: ids.globex, total_jobs: 2 });
    });
  });

  describe('NATS handlers and events', () => {
    it('JOBS_JOB_SUMMARIES answers the known ids, any status', async () => {
      const res = await rpc(JOBS_JOB_SUMMARIES.subject, { job_ids: [ids.j1, ids.j3, 999999] });
      expect(res.response.jobs.map((j: { id: number }) => j.id).sort((a: number, b: number) => a - b)).toEqual(sorted('j1', 'j3'));
      expect(res.response.jobs.find((j: { id: number }) => j.id === ids.j3)).toMatchObject({
        status: 'archived',
        employer_id: employerA.id,
        company_name: 'Acme Coffee',
      });
    });

    it('applications_count follows application events, once per event id', async () => {
      const count = async (id: number) =>
        (await db.query(`SELECT applications_count FROM jobs.jobs WHERE id = $1`, [id])).rows[0].applications_count;
      const base = { application_id: 1, job_id: ids.j4, candidate_id: candidate.id, employer_id: employerB.id };
      const created = { ...base, job_title: 'Product Manager', candidate_name: 'Test User', applied_at: new Date().toISOString() };
      // As the applications service would: a row in its outbox, published by its relay.
      const eventId = randomUUID();
      await db.query(`INSERT INTO applications.outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
        eventId,
        APPLICATION_CREATED.subject,
        JSON.stringify(created),
      ]);
      await eventually(async () => (await count(ids.j4)) === 1, 10000);
      // The same event again, under another stream message id (so only the consumer can tell), then a marker event.
      await publishEvent(APPLICATION_CREATED.subject, created, eventId, randomUUID());
      await publishEvent(APPLICATION_CREATED.subject, { ...created, application_id: 2, job_id: ids.j5 }, randomUUID());
      await eventually(async () => (await count(ids.j5)) === 1, 10000);
      expect(await count(ids.j4)).toBe(1);
      await publishEvent(APPLICATION_WITHDRAWN.subject, base, randomUUID());
      await publishEvent(APPLICATION_DELETED.subject, { ...base, application_id: 2, job_id: ids.j5, counted: false }, randomUUID());
      await eventually(async () => (await count(ids.j4)) === 0, 10000);
      await publishEvent(APPLICATION_DELETED.subject, { ...base, application_id: 2, job_id: ids.j5, counted: true }, randomUUID());
      await eventually(async () => (await count(ids.j5)) === 0, 10000);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM jobs.processed_events`);
      expect(rows[0].n).toBe(5);
    });
  });

  describe('with the applications service', () => {
    it('a real application sets has_applied (list and detail, one batched look-up) and applications_count', async () => {
      const applied = await system.request('POST', '/api/applications/my/applications', {
        token: candidate.token,
        body: { job_id: ids.j1 },
      });
      expect(applied.status).toBe(201);
      const listed = await system.request('GET', '/api/jobs?limit=50', { token: candidate.token });
      const flags = Object.fromEntries(listed.body.jobs.map((j: { id: number; has_applied: boolean }) => [j.id, j.has_applied]));
      expect(flags[ids.j1]).toBe(true);
      expect(Object.values(flags).filter(Boolean)).toHaveLength(1);
      expect((await system.request('GET', `/api/jobs/${ids.j1}`, { token: candidate.token })).body.has_applied).toBe(true);
      expect((await system.request('GET', `/api/jobs/${ids.j1}`)).body.has_applied).toBe(false);
      await eventually(async () => (await system.request('GET', `/api/jobs/${ids.j1}`)).body.applications_count === 1, 10000);
      const stats = await system.request('GET', '/api/companies/my-company/stats', { token: employerA.token });
      expect(stats.body.total_applications).toBe(1);
    });
  });

  describe('keyset paging', () => {
    it('visits every published job exactly once while new jobs are published', async () => {
      for (let i = 0; i < 24; i++) {
        await createJob(employerB.token, { title: `Bulk role ${i}`, description: 'Filler.', location: 'Nowhere', job_type: 'temporary' });
      }
      const before = (await db.query(`SELECT id FROM jobs.jobs WHERE status = 'published'`)).rows.map((r) => r.id as number);
      const seen: number[] = [];
      let cursor: string | null = null;
      let publishing = true;
      const publisher = (async () => {
        let n = 0;
        while (publishing && n < 30) {
          await createJob(employerB.token, { title: `Late role ${n++}`, description: 'Filler.', job_type: 'temporary' });
        }
      })();
      let pages = 0;
      do {
        const res: { status: number; body: any } = await system.request(
          'GET',
          `/api/jobs?limit=7${cursor ? `&cursor=${cursor}&page=99` : ''}`,
        );
        if (res.status !== 200) throw new Error(`page ${pages + 1}: ${res.status} ${JSON.stringify(res.body)}\n${system.logs()}`);
        seen.push(...res.body.jobs.map((j: { id: number }) => j.id));
        cursor = res.body.next_cursor;
        pages++;
        await new Promise((r) => setTimeout(r, 30));
      } while (cursor && pages < 100);
      publishing = false;
      await publisher;
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => before.includes(id)).sort((a, b) => a - b)).toEqual([...before].sort((a, b) => a - b));
      const bad = await system.request('GET', '/api/jobs?cursor=bm9wZQ');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('JOBS.INVALID_CURSOR');
    });
  });

  describe('when other services go away or users leave', () => {
    it('has_applied degrades to false when the applications service does not answer', async () => {
      await system.processes.stop('applications');
      try {
        const res = await system.request('GET', '/api/jobs?limit=3', { token: candidate.token });
        expect(res.status).toBe(200);
        expect(res.body.jobs).toHaveLength(3);
        expect(res.body.jobs.every((j: { has_applied: boolean }) => j.has_applied === false)).toBe(true);
      } finally {
        await system.startProcess('applications');
      }
    });

    it('USER_DELETED of an employer removes their membership and jobs, with JOB_DELETED for each', async () => {
      const { rows: owned } = await db.query(`SELECT id FROM jobs.jobs WHERE employer_id = $1`, [employerB.id]);
      expect(owned.length).toBeGreaterThan(20);
      await db.query(`INSERT INTO auth.outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
        randomUUID(),
        USER_DELETED.subject,
        JSON.stringify({ user_id: employerB.id, role: 'employer' }),
      ]);
      await eventually(
        async () => (await db.query(`SELECT 1 FROM jobs.jobs WHERE employer_id = $1`, [employerB.id])).rowCount === 0,
        15000,
      );
      expect((await db.query(`SELECT 1 FROM jobs.company_members WHERE user_id = $1`, [employerB.id])).rowCount).toBe(0);
      expect((await db.query(`SELECT 1 FROM jobs.companies WHERE id = $1`, [ids.globex])).rowCount).toBe(0);
      const { rows } = await db.query(
        `SELECT (payload->>'job_id')::int AS id FROM jobs.outbox WHERE subject = 'events.jobs.job.deleted.v1' AND (payload->>'employer_id')::int = $1`,
        [employerB.id],
      );
      expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(owned.map((r) => r.id).sort((a, b) => a - b));
      expect((await system.request('GET', '/api/companies/my-company', { token: employerA.token })).status).toBe(200);
    });
  });
});
