import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { TestSystem } from '../support/test-system';
import { signup, SignedIn, withDb } from './auth-helpers';

/** A minimal valid PDF of about `size` bytes (the magic bytes and a body of padding). */
function pdf(size = 2048, fill = 'x'): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), fill), tail]);
}

function form(content: Buffer, filename: string, type = 'application/pdf'): FormData {
  const data = new FormData();
  data.append('cv', new Blob([new Uint8Array(content)], { type }), filename);
  return data;
}

/** Issue 3: /api/candidates (profile, experiences, education, skills, CVs) through the gateway. */
describe('identity: /api/candidates', () => {
  let system: TestSystem;
  let ada: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    system = await TestSystem.start('candidates', { DB_MAINTENANCE_INTERVAL_S: '0' }, ['auth', 'gateway']);
    ada = await signup(system, 'candidate');
    bob = await signup(system, 'candidate');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('needs a token (401) and the candidate role (403)', async () => {
    expect((await system.request('GET', '/api/candidates/profile')).status).toBe(401);
    const employer = await signup(system, 'employer');
    const res = await system.request('GET', '/api/candidates/profile', { token: employer.access_token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('reads the empty profile and updates it partially (null clears, absent keeps)', async () => {
    const empty = await system.request('GET', '/api/candidates/profile', { token: ada.access_token });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      id: expect.any(Number),
      user_id: ada.user.id,
      phone: null,
      location: null,
      linkedin_url: null,
      website_url: null,
      title: null,
      summary: null,
      years_experience: null,
      salary_expectation_min: null,
      salary_expectation_max: null,
      cv_url: null,
      cv_filename: null,
      cv_uploaded_at: null,
      experiences: [],
      educations: [],
      skills: [],
    });
    const put = await system.request('PUT', '/api/candidates/profile', {
      token: ada.access_token,
      body: { title: 'Engineer', phone: '+33 1 23', years_experience: 7, salary_expectation_min: 40000, salary_expectation_max: 60000 },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ title: 'Engineer', phone: '+33 1 23', years_experience: 7, salary_expectation_min: 40000 });
    const again = await system.request('PUT', '/api/candidates/profile', {
      token: ada.access_token,
      body: { phone: null, location: 'Paris' },
    });
    expect(again.body).toMatchObject({ title: 'Engineer', phone: null, location: 'Paris', years_experience: 7 });

    expect(
      (await system.request('PUT', '/api/candidates/profile', { token: ada.access_token, body: { years_experience: -1 } })).status,
    ).toBe(422);
    expect(
      (await system.request('PUT', '/api/candidates/profile', { token: ada.access_token, body: { years_experience: 'many' } })).status,
    ).toBe(422);
    const range = await system.request('PUT', '/api/candidates/profile', {
      token: ada.access_token,
      body: { salary_expectation_min: 90000 },
    });
    expect(range.status).toBe(400);
    expect(range.body.code).toBe('AUTH.INVALID_RANGE');
  });

  it('adds, updates and deletes experiences; another candidate’s id is 404', async () => {
    const created = await system.request('POST', '/api/candidates/profile/experiences', {
      token: ada.access_token,
      body: { title: 'Dev', company: 'Acme', start_date: '2020-01', end_date: '2021-06', is_current: false },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      title: 'Dev',
      company: 'Acme',
      location: null,
      start_date: '2020-01',
      end_date: '2021-06',
      is_current: false,
      description: null,
    });
    const id = created.body.id;
    const bad = await system.request('POST', '/api/candidates/profile/experiences', {
      token: ada.access_token,
      body: { title: 'Dev', company: 'Acme', start_date: '2020-13', is_current: false },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'start_date'] })]);
    const backwards = await system.request('PUT', `/api/candidates/profile/experiences/${id}`, {
      token: ada.access_token,
      body: { end_date: '2019-01' },
    });
    expect(backwards.status).toBe(400);

    const current = await system.request('PUT', `/api/candidates/profile/experiences/${id}`, {
      token: ada.access_token,
      body: { is_current: true },
    });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id, is_current: true, end_date: null, title: 'Dev' });

    for (const [method, body] of [
      ['PUT', { title: 'Hijack' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await system.request(method, `/api/candidates/profile/experiences/${id}`, { token: bob.access_token, body });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('AUTH.EXPERIENCE_NOT_FOUND');
    }
    expect((await system.request('PUT', `/api/candidates/profile/experiences/abc`, { token: ada.access_token, body: {} })).status).toBe(
      422,
    );
    // Required columns can be left out of an update, not cleared.
    const cleared = await system.request('PUT', `/api/candidates/profile/experiences/${id}`, {
      token: ada.access_token,
      body: { title: null },
    });
    expect(cleared.status).toBe(422);
    expect(new Set(cleared.body.detail.map((d: { loc: string[] }) => d.loc.join('.')))).toEqual(new Set(['body.title']));

    const profile = await system.request('GET', '/api/candidates/profile', { token: ada.access_token });
    expect(profile.body.experiences).toEqual([expect.objectContaining({ id, title: 'Dev' })]);
    expect((await system.request('DELETE', `/api/candidates/profile/experiences/${id}`, { token: ada.access_token })).status).toBe(200);
    expect((await system.request('DELETE', `/api/candidates/profile/experiences/${id}`, { token: ada.access_token })).status).toBe(404);
  });

  it('adds, updates and deletes education', async () => {
    const created = await system.request('POST', '/api/candidates/profile/education', {
      token: ada.access_token,
      body: { degree: 'MSc', school: 'ENS', start_date: '2015-09', end_date: '2017-06' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      degree: 'MSc',
      school: 'ENS',
      start_date: '2015-09',
      end_date: '2017-06',
    });
    const updated = await system.request('PUT', `/api/candidates/profile/education/${created.body.id}`, {
      token: ada.access_token,
      body: { degree: 'PhD' },
    });
    expect(updated.body).toMatchObject({ degree: 'PhD', school: 'ENS' });
    expect(
      (
        await system.request('PUT', `/api/candidates/profile/education/${created.body.id}`, {
          token: bob.access_token,
          body: { degree: 'X' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await system.request('POST', '/api/candidates/profile/education', { token: ada.access_token, body: { school: 'ENS' } })).status,
    ).toBe(422);
    expect(
      (await system.request('DELETE', `/api/candidates/profile/education/${created.body.id}`, { token: ada.access_token })).status,
    ).toBe(200);
  });

  it('adds, updates and deletes skills (DELETE is 204); level and category are checked', async () => {
    const created = await system.request('POST', '/api/candidates/profile/skills', {
      token: ada.access_token,
      body: { name: 'TypeScript', level: 5, category: 'technical' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), name: 'TypeScript', level: 5, category: 'technical' });
    expect(
      (
        await system.request('POST', '/api/candidates/profile/skills', {
          token: ada.access_token,
          body: { name: 'X', level: 6, category: 'technical' },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await system.request('POST', '/api/candidates/profile/skills', {
          token: ada.access_token,
          body: { name: 'X', level: 3, category: 'magic' },
        })
      ).status,
    ).toBe(422);
    const updated = await system.request('PUT', `/api/candidates/profile/skills/${created.body.id}`, {
      token: ada.access_token,
      body: { level: 4 },
    });
    expect(updated.body).toEqual({ id: created.body.id, name: 'TypeScript', level: 4, category: 'technical' });
    const theirs = await system.request('DELETE', `/api/candidates/profile/skills/${created.body.id}`, { token: bob.access_token });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('AUTH.SKILL_NOT_FOUND');
    const del = await system.request('DELETE', `/api/candidates/profile/skills/${created.body.id}`, { token: ada.access_token });
    expect(del.status).toBe(204);
  });

  describe('CVs', () => {
    const countCvs = () =>
      withDb(system, async (db) => (await db.query(`SELECT count(*)::int AS n FROM auth.candidate_cvs`)).rows[0].n as number);

    it('refuses a non-PDF, a PDF content type without the magic bytes, a missing file and a 6 MB file, storing nothing', async () => {
      const before = await countCvs();
      const text = await system.request('POST', '/api/candidates/cv', {
        token: ada.access_token,
        raw: form(Buffer.from('hello'), 'cv.txt', 'text/plain'),
      });
      expect(text.status).toBe(400);
      expect(text.body.code).toBe('AUTH.CV_INVALID');
      const fake = await system.request('POST', '/api/candidates/cv', {
        token: ada.access_token,
        raw: form(Buffer.from('GIF89a....'), 'cv.pdf'),
      });
      expect(fake.status).toBe(400);
      const renamed = await system.request('POST', '/api/candidates/cv', {
        token: ada.access_token,
        raw: form(pdf(), 'cv.pdf', 'image/png'),
      });
      expect(renamed.status).toBe(400);
      const none = await system.request('POST', '/api/candidates/cv', { token: ada.access_token, raw: new FormData() });
      expect(none.status).toBe(400);
      const huge = await system.request('POST', '/api/candidates/cv', {
        token: ada.access_token,
        raw: form(pdf(6 * 1024 * 1024), 'big.pdf'),
      });
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await countCvs()).toBe(before);
      await withDb(system, async (db) =>
        expect((await db.query(`SELECT count(*)::int AS n FROM auth.cv_upload_chunks`)).rows[0].n).toBe(0),
      );
    });

    it('uploads (a 3 MB one in chunks), lists, downloads byte for byte, and keeps exactly one active CV', async () => {
      const small = pdf(4096, 'a');
      const up1 = await system.request('POST', '/api/candidates/cv', { token: ada.access_token, raw: form(small, 'first.pdf') });
      expect(up1.status).toBe(201);
      expect(up1.body).toEqual({
        message: expect.any(String),
        filename: 'first.pdf',
        size: small.length,
        candidate_id: expect.any(Number),
        cv_id: expect.any(Number),
      });

      const big = pdf(3 * 1024 * 1024 + 17, 'b');
      const up2 = await system.request('POST', '/api/candidates/cv', { token: ada.access_token, raw: form(big, 'Résumé 2.pdf') });
      expect(up2.status).toBe(201);
      expect(up2.body.size).toBe(big.length);

      const list = await system.request('GET', '/api/candidates/cvs', { token: ada.access_token });
      expect(list.status).toBe(200);
      expect(list.body).toEqual([
        { id: up2.body.cv_id, filename: 'Résumé 2.pdf', file_size: big.length, is_active: true, created_at: expect.any(String) },
        { id: up1.body.cv_id, filename: 'first.pdf', file_size: small.length, is_active: false, created_at: expect.any(String) },
      ]);
      const profile = await system.request('GET', '/api/candidates/profile', { token: ada.access_token });
      expect(profile.body).toMatchObject({
        cv_filename: 'Résumé 2.pdf',
        cv_url: expect.stringContaining(String(up2.body.cv_id)),
        cv_uploaded_at: expect.any(String),
      });

      const active = await fetch(system.url('/api/candidates/cv/download'), { headers: { authorization: `Bearer ${ada.access_token}` } });
      expect(active.status).toBe(200);
      expect(active.headers.get('content-type')).toBe('application/pdf');
      expect(active.headers.get('content-disposition')).toContain("filename*=UTF-8''R%C3%A9sum%C3%A9%202.pdf");
      expect(Buffer.from(await active.arrayBuffer()).equals(big)).toBe(true);
      const old = await fetch(system.url(`/api/candidates/cvs/${up1.body.cv_id}/download`), {
        headers: { authorization: `Bearer ${ada.access_token}` },
      });
      expect(Buffer.from(await old.arrayBuffer()).equals(small)).toBe(true);

      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT sha256, file_size FROM auth.candidate_cvs WHERE id = $1`, [up2.body.cv_id]);
        expect(rows[0].sha256).toBe(createHash('sha256').update(big).digest('hex'));
        expect((await db.query(`SELECT count(*)::int AS n FROM auth.cv_upload_chunks`)).rows[0].n).toBe(0);
      });

      // Another candidate's CV is 404 everywhere.
      for (const [method, path] of [
        ['GET', `/api/candidates/cvs/${up1.body.cv_id}/download`],
        ['DELETE', `/api/candidates/cvs/${up1.body.cv_id}`],
      ]) {
        const res = await system.request(method, path, { token: bob.access_token });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('AUTH.CV_NOT_FOUND');
      }
      expect((await system.request('GET', '/api/candidates/cv/download', { token: bob.access_token })).status).toBe(404);

      // Deleting the active CV activates the newest remaining one; deleting the last clears the profile.
      expect((await system.request('DELETE', `/api/candidates/cvs/${up2.body.cv_id}`, { token: ada.access_token })).status).toBe(200);
      const after = await system.request('GET', '/api/candidates/cvs', { token: ada.access_token });
      expect(after.body).toEqual([expect.objectContaining({ id: up1.body.cv_id, is_active: true })]);
      expect((await system.request('GET', '/api/candidates/profile', { token: ada.access_token })).body.cv_filename).toBe('first.pdf');
      expect((await system.request('DELETE', `/api/candidates/cvs/${up1.body.cv_id}`, { token: ada.access_token })).status).toBe(200);
      const cleared = await system.request('GET', '/api/candidates/profile', { token: ada.access_token });
      expect(cleared.body).toMatchObject({ cv_url: null, cv_filename: null, cv_uploaded_at: null });
    });
  });
});
