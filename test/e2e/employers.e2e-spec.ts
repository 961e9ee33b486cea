import 'reflect-metadata';
import { TestSystem } from '../support/test-system';
import { signup, SignedIn } from './auth-helpers';

/** Issue 3: /api/employers/me — the auth profile composed with the jobs service's company membership. */
describe('identity: /api/employers', () => {
  let system: TestSystem;
  let boss: SignedIn;

  beforeAll(async () => {
    system = await TestSystem.start('employers', { DB_MAINTENANCE_INTERVAL_S: '0' }, ['auth', 'jobs', 'gateway']);
    boss = await signup(system, 'employer');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('needs a token (401) and the employer role (403)', async () => {
    expect((await system.request('GET', '/api/employers/me')).status).toBe(401);
    const candidate = await signup(system, 'candidate');
    expect((await system.request('GET', '/api/employers/me', { token: candidate.access_token })).status).toBe(403);
    expect((await system.request('PUT', '/api/employers/me', { token: candidate.access_token, body: { position: 'x' } })).status).toBe(403);
  });

  it('reads the empty profile, updates it partially, and validates the shape', async () => {
    const me = await system.request('GET', '/api/employers/me', { token: boss.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: expect.any(Number),
      user_id: boss.user.id,
      company_id: null,
      position: null,
      department: null,
      phone: null,
      can_create_jobs: true,
      can_manage_candidates: true,
      is_admin: false,
    });
    const put = await system.request('PUT', '/api/employers/me', {
      token: boss.access_token,
      body: { position: 'CTO', department: 'Tech' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ message: expect.any(String), employer: { ...me.body, position: 'CTO', department: 'Tech' } });
    const again = await system.request('PUT', '/api/employers/me', {
      token: boss.access_token,
      body: { department: null, phone: '+1 555' },
    });
    expect(again.body.employer).toMatchObject({ position: 'CTO', department: null, phone: '+1 555' });
    const bad = await system.request('PUT', '/api/employers/me', { token: boss.access_token, body: { company_id: 'acme', position: 5 } });
    expect(bad.status).toBe(422);
    expect(new Set(bad.body.detail.map((d: { loc: string[] }) => d.loc[1]))).toEqual(new Set(['company_id', 'position']));
  });

  it('shows and changes company_id through the jobs service; a refused company leaves the profile untouched', async () => {
    const company = await system.request('POST', '/api/companies', { token: boss.access_token, body: { name: `Acme ${Date.now()}` } });
    expect(company.status).toBe(201);
    const me = await system.request('GET', '/api/employers/me', { token: boss.access_token });
    expect(me.body.company_id).toBe(company.body.id);

    const left = await system.request('PUT', '/api/employers/me', { token: boss.access_token, body: { company_id: null } });
    expect(left.status).toBe(200);
    expect(left.body.employer.company_id).toBeNull();
    expect((await system.request('GET', '/api/employers/me', { token: boss.access_token })).body.company_id).toBeNull();
    const back = await system.request('PUT', '/api/employers/me', { token: boss.access_token, body: { company_id: company.body.id } });
    expect(back.body.employer.company_id).toBe(company.body.id);

    const other = await signup(system, 'employer');
    const unknown = await system.request('PUT', '/api/employers/me', {
      token: other.access_token,
      body: { company_id: 999999, position: 'Spy' },
    });
    expect(unknown.status).toBe(404);
    const theirs = await system.request('PUT', '/api/employers/me', {
      token: other.access_token,
      body: { company_id: company.body.id, position: 'Spy' },
    });
    expect(theirs.status).toBe(403);
    const untouched = await system.request('GET', '/api/employers/me', { token: other.access_token });
    expect(untouched.body).toMatchObject({ company_id: null, position: null });
  });
});
