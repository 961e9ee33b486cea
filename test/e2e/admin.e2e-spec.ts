import 'reflect-metadata';
import { Client } from 'pg';
import { DemoData, loadDemoData } from '../../tools/demo-data';
import { eventually, TestSystem } from '../support/test-system';

const ADMIN_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/stats'],
  ['GET', '/api/admin/users'],
  ['GET', '/api/admin/employers'],
  ['GET', '/api/admin/jobs'],
  ['GET', '/api/admin/me'],
  ['GET', '/api/admin/monitoring'],
  ['PUT', '/api/admin/users/1/activate', { is_active: false }],
  ['PUT', '/api/admin/jobs/1/featured', { is_featured: true }],
  ['DELETE', '/api/admin/users/1'],
  ['POST', '/api/admin/maintenance/run'],
  ['GET', '/api/admin/events/parked'],
  ['POST', '/api/admin/events/parked/notifications/1/replay'],
];

/** /api/admin against the demo dataset (6 users, 2 companies, 5 jobs, 5 applications). */
describe('admin routes', () => {
  let system: TestSystem;
  let demo: DemoData;
  let db: Client;
  let admin: string;

  beforeAll(async () => {
    system = await TestSystem.start('admin', { RATE_LIMIT_SIGNUP: '100/60', RATE_LIMIT_SIGNIN: '100/60' });
    demo = await loadDemoData(system.url(''), system.natsTools);
    admin = demo.admin.token;
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it('refuses anonymous callers (401) and other roles (403)', async () => {
    for (const [method, path, body] of ADMIN_ROUTES) {
      expect({ path, status: (await system.request(method, path, { body })).status }).toEqual({ path, status: 401 });
      for (const token of [demo.candidates.alice.token, demo.employers.emma.token]) {
        const res = await system.request(method, path, { body, token });
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
      }
    }
  });

  it('GET /stats: every total', async () => {
    const notifications = await eventually(async () => {
      const n = Number((await db.query('SELECT count(*) AS n FROM notifications.notifications')).rows[0].n);
      return n > 0 ? n : undefined;
    });
    const res = await eventually<any>(async () => {
      const r = await system.request('GET', '/api/admin/stats', { token: admin });
      return r.body.total_notifications === Number((await db.query('SELECT count(*) AS n FROM notifications.notifications')).rows[0].n)
        ? r
        : undefined;
    });
    expect(notifications).toBeGreaterThan(0);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total_users: 6,
      total_candidates: 3,
      total_employers: 2,
      total_admins: 1,
      total_companies: 2,
      total_jobs: 5,
      total_applications: 5,
      total_notifications: expect.any(Number),
      active_users: 6,
      inactive_users: 0,
      jobs_by_status: { draft: 1, published: 4, closed: 0, archived: 0 },
      recent_signups: 6,
    });
  });

  it('GET /users: paging, role, is_active and search filters', async () => {
    const all = await system.request('GET', '/api/admin/users?limit=4', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 6, skip: 0, limit: 4 });
    expect(all.body.users).toHaveLength(4);
    expect(all.body.users[0]).toEqual({
      id: expect.any(Number),
      email: expect.any(String),
      first_name: expect.any(String),
      last_name: expect.any(String),
      name: expect.any(String),
      role: expect.any(String),
      is_active: true,
      email_verified: expect.any(Boolean),
      image: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const rest = await system.request('GET', '/api/admin/users?skip=4&limit=4', { token: admin });
    expect(rest.body.users).toHaveLength(2);
    const ids = [...all.body.users, ...rest.body.users].map((u: { id: number }) => u.id);
    expect(new Set(ids).size).toBe(6);
    const candidates = await system.request('GET', '/api/admin/users?role=candidate', { token: admin });
    expect(candidates.body.users.map((u: { email: string }) => u.email).sort()).toEqual([
      'alice.candidate@intowork.demo',
      'bruno.candidate@intowork.demo',
      'chloe.candidate@intowork.demo',
    ]);
    const search = await system.request('GET', '/api/admin/users?search=LAUR', { token: admin });
    expect(search.body.users.map((u: { email: string }) => u.email)).toEqual(['emma.employer@intowork.demo']);
    const literal = await system.request('GET', '/api/admin/users?search=%25', { token: admin });
    expect(literal.body).toMatchObject({ users: [], total: 0 });
    const inactive = await system.request('GET', '/api/admin/users?is_active=false', { token: admin });
    expect(inactive.body.total).toBe(0);
    expect((await system.request('GET', '/api/admin/users?limit=500', { token: admin })).status).toBe(422);
    expect((await system.request('GET', '/api/admin/users?role=owner', { token: admin })).status).toBe(422);
    expect((await system.request('GET', '/api/admin/users?skip=100000000000000000000', { token: admin })).status).toBe(422);
    expect((await system.request('GET', '/api/admin/users?is_active=maybe', { token: admin })).status).toBe(422);
    expect((await system.request('GET', '/api/admin/users?is_active=0', { token: admin })).status).toBe(200);
  });

  it('GET /employers: each with its company', async () => {
    const res = await system.request('GET', '/api/admin/employers', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    const byEmail = Object.fromEntries(res.body.employers.map((e: { email: string }) => [e.email, e]));
    expect(byEmail['emma.employer@intowork.demo']).toMatchObject({
      user_id: demo.employers.emma.id,
      company_id: demo.companies.nordlys,
      company_name: 'Nordlys Analytics',
      position: 'Head of Talent',
      jobs_count: 3,
    });
    expect(byEmail['lucas.employer@intowork.demo']).toMatchObject({ company_name: 'Atelier Verde', jobs_count: 2 });
  });

  it('GET /jobs: every status, with real application counts, filtered by status', async () => {
    const res = await system.request('GET', '/api/admin/jobs', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    const counts = Object.fromEntries(res.body.jobs.map((j: { id: number; applications_count: number }) => [j.id, j.applications_count]));
    expect(counts).toEqual({
      [demo.jobs.dataEngineer]: 2,
      [demo.jobs.designer]: 2,
      [demo.jobs.backend]: 0,
      [demo.jobs.frontend]: 1,
      [demo.jobs.intern]: 0,
    });
    const drafts = await system.request('GET', '/api/admin/jobs?status=draft', { token: admin });
    expect(drafts.body).toMatchObject({ total: 1, jobs: [{ id: demo.jobs.backend, status: 'draft', company_name: 'Nordlys Analytics' }] });
    const page = await system.request('GET', '/api/admin/jobs?skip=4&limit=2', { token: admin });
    expect(page.body).toMatchObject({ total: 5, skip: 4, limit: 2 });
    expect(page.body.jobs).toHaveLength(1);
  });

  it('PUT /jobs/{id}/featured (ours): features a job; the public list filters on it', async () => {
    const featured = await system.request('PUT', `/api/admin/jobs/${demo.jobs.dataEngineer}/featured`, {
      token: admin,
      body: { is_featured: true },
    });
    expect(featured.status).toBe(200);
    expect(featured.body).toEqual({ id: demo.jobs.dataEngineer, is_featured: true });
    const board = await system.request('GET', '/api/jobs?featured=true');
    expect(board.body.jobs.map((j: { id: number; is_featured: boolean }) => [j.id, j.is_featured])).toEqual([
      [demo.jobs.dataEngineer, true],
    ]);
    expect((await system.request('GET', `/api/jobs/${demo.jobs.dataEngineer}`)).body.is_featured).toBe(true);
    expect((await system.request('GET', '/api/jobs')).body.total).toBeGreaterThan(1);

    const unfeatured = await system.request('PUT', `/api/admin/jobs/${demo.jobs.dataEngineer}/featured`, {
      token: admin,
      body: { is_featured: false },
    });
    expect(unfeatured.body).toEqual({ id: demo.jobs.dataEngineer, is_featured: false });
    expect((await system.request('GET', '/api/jobs?featured=true')).body).toMatchObject({ jobs: [], total: 0 });

    const missing = await system.request('PUT', '/api/admin/jobs/999999/featured', { token: admin, body: { is_featured: true } });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('JOBS.NOT_FOUND');
    expect(
      (await system.request('PUT', `/api/admin/jobs/${demo.jobs.dataEngineer}/featured`, { token: admin, body: { is_featured: 'yes' } }))
        .status,
    ).toBe(422);
    expect(
      (await system.request('PUT', '/api/admin/jobs/99999999999/featured', { token: admin, body: { is_featured: true } })).status,
    ).toBe(422);
    expect((await system.request('DELETE', '/api/admin/users/99999999999', { token: admin })).status).toBe(422);
  });

  it('GET /events/parked (ours): every service answers its parked events; a replay of an unknown one is 404', async () => {
    const res = await system.request('GET', '/api/admin/events/parked', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      services: {
        auth: { events: [], total: 0 },
        jobs: { events: [], total: 0 },
        applications: { events: [], total: 0 },
        notifications: { events: [], total: 0 },
      },
    });
    const missing = await system.request('POST', '/api/admin/events/parked/jobs/12345/replay', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('OPS.PARKED_NOT_FOUND');
    expect((await system.request('POST', '/api/admin/events/parked/gateway/1/replay', { token: admin })).status).toBe(422);
    expect((await system.request('GET', '/api/admin/events/parked?limit=501', { token: admin })).status).toBe(422);
  });

  it('GET /me: the admin', async () => {
    const res = await system.request('GET', '/api/admin/me', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: demo.admin.id, email: 'admin@intowork.demo', role: 'admin', is_active: true });
  });

  it('PUT /users/{id}/activate: deactivation cuts the user off at once, reactivation restores; never yourself', async () => {
    const bruno = demo.candidates.bruno;
    expect((await system.request('GET', '/api/dashboard', { token: bruno.token })).status).toBe(200);
    const off = await system.request('PUT', `/api/admin/users/${bruno.id}/activate`, { token: admin, body: { is_active: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ user: { id: bruno.id, is_active: false } });
    const refused = await system.request('GET', '/api/dashboard', { token: bruno.token });
    expect(refused.status).toBe(403);
    const signin = await system.request('POST', '/api/auth/signin', { body: { email: bruno.email, password: demo.password } });
    expect(signin.status).toBe(403);
    expect((await system.request('GET', '/api/admin/stats', { token: admin })).body).toMatchObject({ active_users: 5, inactive_users: 1 });

    const on = await system.request('PUT', `/api/admin/users/${bruno.id}/activate`, { token: admin, body: { is_active: true } });
    expect(on.body).toMatchObject({ user: { is_active: true } });
    expect((await system.request('GET', '/api/dashboard', { token: bruno.token })).status).toBe(200);

    const self = await system.request('PUT', `/api/admin/users/${demo.admin.id}/activate`, { token: admin, body: { is_active: false } });
    expect(self.status).toBe(400);
    expect(self.body.code).toBe('BAD_REQUEST');
    expect((await system.request('PUT', '/api/admin/users/999999/activate', { token: admin, body: { is_active: false } })).status).toBe(
      404,
    );
    expect((await system.request('PUT', `/api/admin/users/${bruno.id}/activate`, { token: admin, body: { is_active: 'no' } })).status).toBe(
      422,
    );
  });

  it('DELETE /users/{id}: as account deletion (USER_DELETED), never yourself', async () => {
    const self = await system.request('DELETE', `/api/admin/users/${demo.admin.id}`, { token: admin });
    expect(self.status).toBe(400);
    const chloe = demo.candidates.chloe;
    const res = await system.request('DELETE', `/api/admin/users/${chloe.id}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: expect.any(String) });
    expect((await system.request('GET', '/api/dashboard', { token: chloe.token })).status).toBe(401);
    expect((await db.query('SELECT count(*)::int AS n FROM auth.users WHERE id = $1', [chloe.id])).rows[0].n).toBe(0);
    const events = await db.query(`SELECT payload FROM auth.outbox WHERE subject LIKE '%user%deleted%'`);
    expect(events.rows.map((r) => r.payload.user_id)).toContain(chloe.id);
    expect((await system.request('DELETE', `/api/admin/users/${chloe.id}`, { token: admin })).status).toBe(404);
    expect((await system.request('GET', '/api/admin/stats', { token: admin })).body).toMatchObject({ total_users: 5, total_candidates: 2 });
  });
});
