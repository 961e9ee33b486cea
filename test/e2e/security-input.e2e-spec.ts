import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { AUTH_USER_STATUS } from '@app/contracts';
import { PASSWORD, signup } from './auth-helpers';
import { eventually, TestSystem } from '../support/test-system';
import { Fixtures, TestUser } from './applications-fixtures';
import { openNotificationStream, OpenStream, readEvents } from '../support/sse';

/**
 * Issue 11 (consent, input bounds, live streams), found by trying: an employer read a CV after the
 * candidate withdrew (and one uploaded after the withdrawal); a JSON body 2,000 levels deep was a 500;
 * multipart fields were unbounded; a live stream outlived its user's deactivation and revoked sessions.
 */
describe('consent, input bounds and live streams (issue 11)', () => {
  let system: TestSystem;
  let fx: Fixtures;
  let employer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    system = await TestSystem.start('sec-input', {
      DB_MAINTENANCE_INTERVAL_S: '0',
      NOTIFICATION_STREAMS_PER_USER: '2',
      NOTIFICATION_STREAM_CHECK_MS: '500',
    });
    fx = new Fixtures(system);
    employer = await fx.user('employer', 'Erin', 'Boss');
    admin = await adminUser(fx, system);
  });

  afterAll(async () => {
    controllers.forEach((c) => c.abort());
    await fx?.close();
    await system?.stop();
  });

  const pdf = (tag: string) =>
    Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`${tag}\n`), Buffer.alloc(1000, tag[0]), Buffer.from('\n%%EOF\n')]);
  const upload = async (user: TestUser, content: Buffer, name: string) => {
    const form = new FormData();
    form.append('cv', new Blob([content], { type: 'application/pdf' }), name);
    const res = await system.request('POST', '/api/candidates/cv', { token: user.token, raw: form });
    expect(res.status).toBe(201);
    return res.body.cv_id as number;
  };
  const apply = async (user: TestUser, job: number) => {
    const res = await system.request('POST', '/api/applications/my/applications', { token: user.token, body: { job_id: job } });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const employerCv = async (applicationId: number) => {
    const res = await fetch(system.url(`/api/applications/employer/applications/${applicationId}/cv`), {
      headers: { authorization: `Bearer ${employer.token}` },
    });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, body, code: res.status === 200 ? undefined : JSON.parse(body.toString()).code };
  };
  const cvUrl = async (job: number) =>
    (await system.request('GET', `/api/applications/employer/applications?job_id=${job}`, { token: employer.token })).body.applications[0]
      .cv_url;

  describe('consent: the employer reads exactly the CV sent with a live application', () => {
    it('serves the submitted CV even after a newer upload, and 404 once withdrawn (a CV uploaded after the withdrawal included)', async () => {
      const candidate = await fx.user('candidate', 'Cora', 'Consent');
      const first = pdf('first');
      await upload(candidate, first, 'first.pdf');
      const job = await fx.job(employer.id, 'Consent 1');
      const applicationId = await apply(candidate, job);
      expect(
        await fx.count(`SELECT count(*) AS n FROM applications.job_applications WHERE id = $1 AND cv_id IS NOT NULL AND cv_recorded`, [
          applicationId,
        ]),
      ).toBe(1);

      const served = await employerCv(applicationId);
      expect(served.status).toBe(200);
      expect(served.body.equals(first)).toBe(true);

      // A newer CV is not what was sent: the employer still gets the first one.
      const second = pdf('second');
      await upload(candidate, second, 'second.pdf');
      expect((await employerCv(applicationId)).body.equals(first)).toBe(true);
      expect(await cvUrl(job)).toBe(`/api/applications/employer/applications/${applicationId}/cv`);

      // A later application carries the CV active then.
      const job2 = await fx.job(employer.id, 'Consent 2');
      const later = await apply(candidate, job2);
      expect((await employerCv(later)).body.equals(second)).toBe(true);

      // Withdrawn: nothing, not even a CV uploaded after the withdrawal.
      expect(
        (await system.request('DELETE', `/api/applications/my/applications/${applicationId}`, { token: candidate.token })).status,
      ).toBe(200);
      expect(await employerCv(applicationId)).toMatchObject({ status: 404, code: 'AUTH.CV_NOT_FOUND' });
      await upload(candidate, pdf('third'), 'third.pdf');
      expect(await employerCv(applicationId)).toMatchObject({ status: 404, code: 'AUTH.CV_NOT_FOUND' });
      expect(await cvUrl(job)).toBeNull();

      // The candidate deletes the CV sent with the live application: 404, never another CV instead.
      const cvs = (await system.request('GET', '/api/candidates/cvs', { token: candidate.token })).body as Array<{
        id: number;
        filename: string;
      }>;
      const sent = cvs.find((c) => c.filename === 'second.pdf')!;
      expect((await system.request('DELETE', `/api/candidates/cvs/${sent.id}`, { token: candidate.token })).status).toBe(200);
      expect(await employerCv(later)).toMatchObject({ status: 404, code: 'AUTH.CV_NOT_FOUND' });
    });

    it('an application sent without a CV has none, even after an upload; one from before the record gets the CV of its apply time', async () => {
      const candidate = await fx.user('candidate', 'Nora', 'None');
      const job = await fx.job(employer.id, 'Consent 3');
      const bare = await apply(candidate, job);
      await upload(candidate, pdf('after'), 'after.pdf');
      expect(await employerCv(bare)).toMatchObject({ status: 404, code: 'AUTH.CV_NOT_FOUND' });
      expect(await cvUrl(job)).toBeNull();

      // An application older than the migration (cv_recorded false): the newest CV uploaded by applied_at.
      const job2 = await fx.job(employer.id, 'Consent 4');
      const legacy = await apply(candidate, job2);
      await fx.db.query(`UPDATE applications.job_applications SET cv_id = NULL, cv_recorded = false WHERE id = $1`, [legacy]);
      await upload(candidate, pdf('newer'), 'newer.pdf');
      const served = await employerCv(legacy);
      expect(served.status).toBe(200);
      expect(served.body.includes(Buffer.from('after\n'))).toBe(true);
    });
  });

  describe('input bounds', () => {
    const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const post = (path: string, body: string, token?: string): Promise<{ status: number; body: any }> =>
      fetch(system.url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      }).then(async (res) => ({ status: res.status, body: await res.json() }));

    it('answers a JSON body nested 2,000 deep 422 JSON_TOO_DEEP on every route, and keeps serving', async () => {
      const candidate = await fx.user('candidate');
      for (const [path, token] of [
        ['/api/auth/verify-email', undefined],
        ['/api/auth/signin', undefined],
        ['/api/applications/my/applications', candidate.token],
        ['/api/jobs', employer.token],
      ] as const) {
        expect({ path, ...(await post(path, deep(2000), token)) }).toEqual({
          path,
          status: 422,
          body: { detail: expect.any(String), code: 'JSON_TOO_DEEP' },
        });
      }
      const arrays = await post('/api/auth/verify-email', '['.repeat(100000) + ']'.repeat(100000));
      expect(arrays).toMatchObject({ status: 422, body: { code: 'JSON_TOO_DEEP' } });
      // Within the bound it is an ordinary request: a shape problem, not a depth one.
      expect((await post('/api/auth/verify-email', JSON.stringify({ token: JSON.parse(deep(20)) }))).body.code).toBe('VALIDATION_FAILED');
      expect((await fetch(system.url('/health/ready'))).status).toBe(200);
      expect((await system.request('GET', '/api/auth/me', { token: candidate.token })).status).toBe(200);
    });

    it('refuses a deep payload in the services too (their RPC validation), as a 422 code and not a crash', async () => {
      const answer = await system.rpc(AUTH_USER_STATUS.subject, { user_id: 1, extra: JSON.parse(deep(2000)) });
      expect(answer).toEqual({ err: expect.objectContaining({ code: 'JSON_TOO_DEEP' }) });
      expect((await fetch(system.url('/health/ready', 'auth'))).status).toBe(200);
    });

    it('bounds multipart uploads: too many fields or files 400 MULTIPART_LIMIT, a large field 413, nothing stored', async () => {
      const candidate = await fx.user('candidate');
      const file = () => new Blob([pdf('bounded')], { type: 'application/pdf' });
      const send = async (build: (form: FormData) => void) => {
        const form = new FormData();
        build(form);
        return system.request('POST', '/api/candidates/cv', { token: candidate.token, raw: form });
      };
      const manyFields = await send((f) => {
        for (let i = 0; i < 50; i++) f.append(`f${i}`, 'x');
        f.append('cv', file(), 'cv.pdf');
      });
      expect(manyFields).toMatchObject({ status: 400, body: { code: 'MULTIPART_LIMIT' } });
      const twoFiles = await send((f) => {
        f.append('cv', file(), 'a.pdf');
        f.append('cv', file(), 'b.pdf');
      });
      expect(twoFiles).toMatchObject({ status: 400, body: { code: 'MULTIPART_LIMIT' } });
      const longName = await send((f) => {
        f.append('n'.repeat(500), 'x');
        f.append('cv', file(), 'cv.pdf');
      });
      expect(longName).toMatchObject({ status: 400, body: { code: 'MULTIPART_LIMIT' } });
      const bigField = await send((f) => {
        f.append('note', 'x'.repeat(512 * 1024));
        f.append('cv', file(), 'cv.pdf');
      });
      expect(bigField).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(
        await fx.count(
          `SELECT count(*) AS n FROM auth.candidate_cvs v JOIN auth.candidates c ON c.id = v.candidate_id WHERE c.user_id = $1`,
          [candidate.id],
        ),
      ).toBe(0);
      // A few ordinary fields beside the file are fine.
      expect(
        (
          await send((f) => {
            f.append('source', 'web');
            f.append('cv', file(), 'cv.pdf');
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('live streams end with the session', () => {
    it('caps open streams per user (429 NOTIFICATIONS.TOO_MANY_STREAMS), a burst included; a closed one frees its place', async () => {
      const user = await fx.user('candidate');
      const a = await openStream(system, user.token);
      const b = await openStream(system, user.token);
      const refused = await fetch(system.url('/api/notifications/stream'), { headers: { authorization: `Bearer ${user.token}` } });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { code: string }).code).toBe('NOTIFICATIONS.TOO_MANY_STREAMS');
      const ticket = (await system.request('POST', '/api/notifications/stream-ticket', { token: user.token })).body.ticket;
      expect((await fetch(system.url(`/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`))).status).toBe(429);
      // Closed by their client: their places are free (this suite's first streams, so the gauge says 0).
      a.controller.abort();
      b.controller.abort();
      await eventually(async () => /notification_streams_open\{process="gateway"\} 0\b/.test(await system.metrics()), 5000, 100);
      // A burst of opens at once: still no more than the cap stay open.
      const burst = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const controller = track(new AbortController());
          const res = await fetch(system.url('/api/notifications/stream'), {
            headers: { authorization: `Bearer ${user.token}` },
            signal: controller.signal,
          });
          if (res.status !== 200) return res.status;
          const first = (await readEvents(res.body!).next()).value;
          if (first?.type !== 'ready') return first?.type;
          return 'ready';
        }),
      );
      expect(burst.filter((r) => r === 'ready')).toHaveLength(2);
      expect(burst.filter((r) => r !== 'ready').every((r) => r === 429 || r === 'end')).toBe(true);
      controllers.forEach((c) => c.abort());
    });

    it('ends a stream (header or ticket) within seconds of an admin deactivating its user, and of deleting another', async () => {
      const user = await fx.user('candidate');
      const byHeader = await openStream(system, user.token);
      const ticket = (await system.request('POST', '/api/notifications/stream-ticket', { token: user.token })).body.ticket;
      const byTicket = await openStream(system, undefined, ticket);
      expect(
        (await system.request('PUT', `/api/admin/users/${user.id}/activate`, { token: admin.token, body: { is_active: false } })).status,
      ).toBe(200);
      for (const stream of [byHeader, byTicket]) expect(await endOf(stream)).toEqual({ type: 'end', data: { reason: 'user_deactivated' } });

      const doomed = await fx.user('candidate');
      const stream = await openStream(system, doomed.token);
      expect((await system.request('DELETE', `/api/admin/users/${doomed.id}`, { token: admin.token })).status).toBe(200);
      expect(await endOf(stream)).toEqual({ type: 'end', data: { reason: 'user_deleted' } });
    });

    it('ends the streams of revoked tokens on sign-out everywhere and password change; a stream of a newer token stays', async () => {
      const signedOut = await signup(system, 'candidate');
      const stream = await openStream(system, signedOut.access_token);
      expect((await system.request('POST', '/api/auth/signout-all', { token: signedOut.access_token })).status).toBe(204);
      expect(await endOf(stream)).toEqual({ type: 'end', data: { reason: 'session_revoked' } });

      const changer = await signup(system, 'candidate');
      const old = await openStream(system, changer.access_token);
      const changed = await system.request('POST', '/api/auth/change-password', {
        token: changer.access_token,
        body: { current_password: PASSWORD, new_password: 'An0ther!Passw0rd' },
      });
      expect(changed.status).toBe(200);
      expect(await endOf(old)).toEqual({ type: 'end', data: { reason: 'session_revoked' } });
      const signin = await system.request('POST', '/api/auth/signin', {
        body: { email: changer.user.email, password: 'An0ther!Passw0rd' },
      });
      const fresh = await openStream(system, signin.body.access_token);
      // Several checks pass (every 500 ms) without ending it.
      expect(await Promise.race([fresh.events.next().then(() => 'ended'), new Promise((r) => setTimeout(() => r('open'), 2500))])).toBe(
        'open',
      );
      fresh.controller.abort();
    });
  });
});

const controllers: AbortController[] = [];
function track(controller: AbortController): AbortController {
  controllers.push(controller);
  return controller;
}

async function adminUser(fx: Fixtures, system: TestSystem): Promise<TestUser> {
  const email = `admin-${Date.now()}@example.test`;
  const { rows } = await fx.db.query(
    `INSERT INTO auth.users (email, first_name, last_name, role) VALUES ($1, 'Ada', 'Admin', 'admin') RETURNING id`,
    [email],
  );
  const token = await new JwtService({ secret: system.env.JWT_SECRET }).signAsync(
    { sub: String(rows[0].id), email, role: 'admin', type: 'access' },
    { expiresIn: 3600 },
  );
  return { id: rows[0].id, email, token };
}

/** Opens the live stream (Bearer header or ticket) with a tracked controller (aborted by the test). */
function openStream(system: TestSystem, token?: string, ticket?: string): Promise<OpenStream> {
  return openNotificationStream(system, { token, ticket }, track(new AbortController()));
}

/** The stream's last event before it ended (heartbeats skipped), which must happen within 8 s. */
async function endOf(stream: OpenStream): Promise<{ type: string; data: unknown } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 8000)));
  let last: { type: string; data: unknown } | undefined;
  try {
    for (;;) {
      const next = await Promise.race([stream.events.next(), deadline]);
      if (next === 'timeout') throw new Error('the stream did not end within 8 s');
      if (next.done) return last;
      if (next.value.type !== 'heartbeat') last = next.value;
    }
  } finally {
    clearTimeout(timer);
  }
}
