import 'reflect-metadata';
import { Client } from 'pg';
import { DemoData, demoSignIns, loadDemoIfEmpty } from '../../tools/demo-data';
import { TestSystem } from '../support/test-system';

/**
 * Dashboards of each role against the demo dataset (tools/demo-data.ts, loaded through the real
 * HTTP API): two employers with 5 jobs (4 published), 3 candidates, 5 applications (1 withdrawn;
 * interview, viewed and shortlisted set by the employers), 1 admin.
 */
describe('dashboards, public stats and the demo data', () => {
  let system: TestSystem;
  let demo: DemoData;

  beforeAll(async () => {
    // Sign-up at its production default (3 an hour per IP): the loader must get past it as under npm start.
    system = await TestSystem.start('dashboard', { RATE_LIMIT_SIGNUP: '3/3600' });
    // As `npm start` does on an empty database.
    demo = (await loadDemoIfEmpty(
      { DATABASE_URL: system.databaseUrl, NATS_URL: system.nats.url, TOOLS_NATS_PASSWORD: system.secrets.TOOLS_NATS_PASSWORD },
      system.url(''),
    ))!;
    expect(demo).toBeDefined();
  });

  afterAll(async () => {
    await system?.stop();
  });

  const dashboard = async (token: string) => {
    const res = await system.request('GET', '/api/dashboard', { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const values = (body: { stats: Array<{ title: string; value: string }> }) =>
    Object.fromEntries(body.stats.map((s) => [s.title, s.value]));

  it('the demo loader leaves working sign-ins for every demo user', async () => {
    const users = [demo.admin, ...Object.values(demo.employers), ...Object.values(demo.candidates)];
    expect(demoSignIns(demo).join('\n')).toContain('alice.candidate@intowork.demo');
    expect(demoSignIns(demo)[0]).toContain(demo.password);
    for (const user of users) {
      const res = await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: demo.password } });
      expect({ email: user.email, status: res.status, role: res.body.user?.role }).toEqual({
        email: user.email,
        status: 200,
        role: user.role,
      });
    }
  });

  it('got past the sign-up rate limit: three sign-ups over HTTP, the others through the auth service', async () => {
    const limited = await system.request('POST', '/api/auth/signup', {
      body: { email: 'late@intowork.demo', password: demo.password, first_name: 'Late', last_name: 'Comer', role: 'candidate' },
    });
    expect(limited.status).toBe(429);
  });

  it('is loaded only on an empty database, and never in production', async () => {
    const env = { DATABASE_URL: system.databaseUrl, NATS_URL: system.nats.url, TOOLS_NATS_PASSWORD: system.secrets.TOOLS_NATS_PASSWORD };
    expect(await loadDemoIfEmpty(env, system.url(''))).toBeUndefined();
    expect(await loadDemoIfEmpty({ ...env, NODE_ENV: 'production' }, system.url(''))).toBeUndefined();
    const db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM auth.users')).rows[0].n).toBe(6);
    } finally {
      await db.end();
    }
  });

  it('needs a token', async () => {
    expect((await system.request('GET', '/api/dashboard')).status).toBe(401);
    expect((await system.request('GET', '/api/dashboard/activities')).status).toBe(401);
  });

  it('candidate: applications sent, published jobs available, interviews, profile completion', async () => {
    const alice = await dashboard(demo.candidates.alice.token);
    expect(alice.stats).toHaveLength(4);
    for (const stat of alice.stats) {
      expect(stat).toEqual({
        title: expect.any(String),
        value: expect.any(String),
        change: expect.any(String),
        changeType: expect.stringMatching(/^(increase|neutral)$/),
        color: expect.any(String),
      });
    }
    // The demo users signed up without a language: French, the default.
    expect(values(alice)).toEqual({ 'Candidatures envoyées': '3', 'Offres disponibles': '4', Entretiens: '1', 'Profil complété': '50%' });
    expect(alice.profileCompletion).toBe(50); // name, phone, location, title, summary: 5 of 10
    expect(alice.stats[0]).toMatchObject({ change: '+3 cette semaine', changeType: 'increase' });
    expect(
      alice.recentActivities
        .filter((a: { type: string }) => a.type === 'application')
        .map((a: { target: string }) => a.target)
        .sort(),
    ).toEqual([
      'Frontend Developer (React) — Atelier Verde',
      'Product Designer — Nordlys Analytics',
      'Senior Data Engineer — Nordlys Analytics',
    ]);
    for (const activity of alice.recentActivities) {
      expect(activity).toEqual({
        id: expect.any(String),
        action: expect.any(String),
        target: expect.any(String),
        time: expect.any(String),
        type: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(activity.time))).toBe(false);
    }
    const times = alice.recentActivities.map((a: { time: string }) => Date.parse(a.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const bruno = await dashboard(demo.candidates.bruno.token);
    expect(values(bruno)).toEqual({ 'Candidatures envoyées': '1', 'Offres disponibles': '4', Entretiens: '0', 'Profil complété': '10%' });
    const chloe = await dashboard(demo.candidates.chloe.token);
    expect(values(chloe)).toMatchObject({ 'Candidatures envoyées': '1', Entretiens: '0' });
  });

  it('is written in the user’s language: the same dashboard in French, then in English once the user chose it', async () => {
    const token = demo.candidates.alice.token;
    const fr = await dashboard(token);
    expect(fr.stats.map((s: { title: string; change: string }) => [s.title, s.change])).toEqual([
      ['Candidatures envoyées', '+3 cette semaine'],
      ['Offres disponibles', expect.stringMatching(/^\+\d+ cette semaine$/)],
      ['Entretiens', 'en ce moment'],
      ['Profil complété', 'encore 50\u00a0% à remplir'],
    ]);
    const actions = (body: { recentActivities: Array<{ action: string; type: string }> }) =>
      body.recentActivities
        .filter((a) => a.type === 'application')
        .map((a) => a.action)
        .sort();
    // Alice's three applications: one moved to interview, one shortlisted, one still as she sent it.
    expect(actions(fr)).toEqual(['Candidature envoyée', 'Candidature présélectionnée', 'Entretien en vue']);

    const patched = await system.request('PATCH', '/api/auth/me', { token, body: { locale: 'en' } });
    expect(patched.status).toBe(200);
    try {
      const en = await dashboard(token);
      expect(values(en)).toEqual({ 'Applications sent': '3', 'Available jobs': '4', Interviews: '1', 'Profile completion': '50%' });
      expect(en.stats.map((s: { change: string }) => s.change)).toEqual([
        '+3 this week',
        expect.stringMatching(/^\+\d+ this week$/),
        'current',
        '50% to go',
      ]);
      expect(actions(en)).toEqual(['Application sent', 'Application shortlisted', 'Interview stage']);
      expect((await system.request('GET', '/api/dashboard/activities', { token })).body.map((a: { action: string }) => a.action)).toEqual(
        en.recentActivities.map((a: { action: string }) => a.action),
      );
    } finally {
      await system.request('PATCH', '/api/auth/me', { token, body: { locale: 'fr' } });
    }
  });

  it('employer: active jobs, applications received, interviews, response rate', async () => {
    const emma = await dashboard(demo.employers.emma.token);
    // Received 4 (one withdrawn); answered: interview + viewed = 2 of the 3 not withdrawn.
    expect(values(emma)).toEqual({ 'Offres actives': '2', 'Candidatures reçues': '4', Entretiens: '1', 'Taux de réponse': '67%' });
    expect(emma.stats[3].change).toBe('2 réponses sur 3 candidatures');
    expect(emma.profileCompletion).toBe(60); // name, position, company: 3 of 5
    expect(emma.recentActivities.some((a: { target: string }) => a.target.startsWith('Backend Developer (Node.js)'))).toBe(true);
    const lucas = await dashboard(demo.employers.lucas.token);
    expect(values(lucas)).toEqual({ 'Offres actives': '2', 'Candidatures reçues': '1', Entretiens: '0', 'Taux de réponse': '100%' });
    expect(lucas.profileCompletion).toBe(40);
    // Nothing of another employer's.
    expect(lucas.recentActivities.some((a: { target: string }) => a.target.includes('Nordlys'))).toBe(false);
  });

  it('admin: users, jobs, applications', async () => {
    const admin = await dashboard(demo.admin.token);
    expect(values(admin)).toEqual({ Utilisateurs: '6', Offres: '5', Candidatures: '5' });
    expect(admin.profileCompletion).toBe(100);
    expect(admin.recentActivities.length).toBeGreaterThan(0);
    expect(admin.recentActivities.length).toBeLessThanOrEqual(10);
  });

  it("GET /api/dashboard/activities is the dashboard's recentActivities", async () => {
    const res = await system.request('GET', '/api/dashboard/activities', { token: demo.candidates.alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await dashboard(demo.candidates.alice.token)).recentActivities);
  });

  it('asks the services in parallel, one request each', async () => {
    const before = await system.metrics('gateway');
    await dashboard(demo.employers.emma.token);
    const after = await system.metrics('gateway');
    const count = (text: string, subject: string) =>
      Number(
        new RegExp(`nats_request_duration_seconds_count\\{[^}]*subject="${subject.replace(/\./g, '\\.')}"[^}]*\\} (\\d+)`).exec(
          text,
        )?.[1] ?? 0,
      );
    for (const service of ['auth', 'jobs', 'applications']) {
      const subject = `${service}.dashboard.figures.v1`;
      expect({ subject, n: count(after, subject) - count(before, subject) }).toEqual({ subject, n: 1 });
    }
  });

  it('GET /api/stats/public is public and exact', async () => {
    const res = await system.request('GET', '/api/stats/public');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ candidates: 3, companies: 2, active_jobs: 4, applications: 5 });
  });

  // Last: it changes the demo data the tests above count.
  it("employer: an application received and a status change show on the next dashboard (the service forgets that employer's cached figures when it writes)", async () => {
    const emma = demo.employers.emma.token;
    const answered = async () => ((await dashboard(emma)) as { stats: Array<{ change: string }> }).stats[3].change;
    expect(await answered()).toBe('2 réponses sur 3 candidatures');
    const applied = await system.request('POST', '/api/applications/my/applications', {
      token: demo.candidates.bruno.token,
      body: { job_id: demo.jobs.designer },
    });
    expect(applied.status).toBe(201);
    expect(values(await dashboard(emma))['Candidatures reçues']).toBe('5');
    expect(await answered()).toBe('2 réponses sur 4 candidatures');
    const viewed = await system.request('PUT', `/api/applications/employer/applications/${applied.body.id}/status`, {
      token: emma,
      body: { status: 'viewed' },
    });
    expect(viewed.status).toBe(200);
    expect(await answered()).toBe('3 réponses sur 4 candidatures');
  });
});
