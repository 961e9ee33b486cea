import 'reflect-metadata';
import { connect, NatsConnection } from 'nats';
import { requestHandler } from '@app/common';
import { FakeSmtp, linkToken, startFakeSmtp } from '../support/fake-smtp';
import { eventually, TestSystem } from '../support/test-system';
import { oauthSignin, PASSWORD, signup, uniqueEmail, withDb } from './auth-helpers';

/**
 * Issue 3, the parts that need their own configuration: per-IP rate limits (low limits here), the
 * OAuth client secret, and the auth service's NATS handlers other services call.
 */
describe('identity: rate limits, OAuth client secret, internal auth requests', () => {
  let system: TestSystem;
  let nc: NatsConnection;
  let smtp: FakeSmtp;

  async function rpc(subject: string, data: unknown): Promise<{ response?: any; err?: { code: string; message: string } }> {
    return (await requestHandler(nc, subject, data, { timeout: 5000 })) as { response?: any; err?: { code: string; message: string } };
  }

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    system = await TestSystem.start(
      'auth-limits',
      {
        // The scheduled maintenance is not under test here: the purge is run on request below.
        DB_MAINTENANCE_INTERVAL_S: '0',
        RATE_LIMIT_SIGNIN: '3/60',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        RATE_LIMIT_FORGOT: '2/3600',
      },
      ['auth', 'notifications', 'gateway'],
    );
    nc = await connect(system.natsOptions());
  });

  afterAll(async () => {
    await nc?.close();
    await system?.stop();
    smtp?.server.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once an IP passes the sign-in limit; other routes keep their own budget', async () => {
    const { user } = await signup(system);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: 'Wrong!Passw0rd' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ detail: expect.any(String), code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The forgot-password budget is separate (2 per hour here).
    expect((await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } })).status).toBe(200);
    expect((await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } })).status).toBe(200);
    expect((await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } })).status).toBe(429);
    // Routes without a limit are not affected.
    expect((await system.request('GET', '/api/auth/me', { token: (await signup(system)).access_token })).status).toBe(200);
  });

  it('OAuth sign-in needs the configured client secret', async () => {
    const body = { provider: 'google', provider_account_id: 'g-1', email: uniqueEmail('oauth') };
    const none = await oauthSignin(system, body, null);
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('AUTH.OAUTH_FORBIDDEN');
    const wrong = await oauthSignin(system, body, 'x'.repeat(system.env.OAUTH_SIGNIN_SECRET!.length));
    expect(wrong.status).toBe(403);
    const ok = await oauthSignin(system, body);
    expect(ok.status).toBe(200);
  });

  it('serves user status, users by id (with the active CV id) and CV chunks to other services over NATS', async () => {
    const a = await signup(system, 'candidate');
    const b = await signup(system, 'employer');

    const status = await rpc('auth.user.status.v1', { user_id: a.user.id });
    expect(status.response).toEqual({ exists: true, is_active: true, role: 'candidate', tokens_valid_after: null, locale: 'fr' });
    expect((await rpc('auth.user.status.v1', { user_id: 987654 })).response).toEqual({
      exists: false,
      is_active: false,
      role: null,
      tokens_valid_after: null,
    });

    const many = await rpc('auth.user.get-many.v1', { user_ids: [b.user.id, a.user.id, 987654] });
    expect(many.response.users).toEqual([
      {
        id: a.user.id,
        email: a.user.email,
        first_name: 'Ada',
        last_name: 'Lovelace',
        role: 'candidate',
        is_active: true,
        phone: null,
        has_cv: false,
        cv_id: null,
      },
      {
        id: b.user.id,
        email: b.user.email,
        first_name: 'Ada',
        last_name: 'Lovelace',
        role: 'employer',
        is_active: true,
        phone: null,
        has_cv: false,
        cv_id: null,
      },
    ]);

    // Issue 11: no RPC hands out "whatever CV is active" any more; an employer reads the CV an application recorded, by id.
    await expect(rpc('auth.cv.get-active.v1', { user_id: a.user.id })).rejects.toThrow();
    expect((await rpc('auth.cv.chunk.v1', { user_id: a.user.id, index: 0 })).err?.code).toBe('AUTH.CV_NOT_FOUND');
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000, 'z')]);
    const data = new FormData();
    data.append('cv', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), 'cv.pdf');
    expect((await system.request('POST', '/api/candidates/cv', { token: a.access_token, raw: data })).status).toBe(201);
    const cv = await rpc('auth.cv.chunk.v1', { user_id: a.user.id, index: 0 });
    expect(cv.response).toMatchObject({ filename: 'cv.pdf', content_type: 'application/pdf', size: content.length, chunks: 1 });
    expect(Buffer.from(cv.response.data_base64, 'base64').equals(content)).toBe(true);
    expect((await rpc('auth.user.get-many.v1', { user_ids: [a.user.id] })).response.users[0]).toMatchObject({
      has_cv: true,
      cv_id: cv.response.cv_id,
    });

    expect((await rpc('auth.user.status.v1', { user_id: 'x' })).err?.code).toBe('VALIDATION_FAILED');
  });

  it('sends requested mail over SMTP after recording it, and marks it sent (its link kept only in the sent mail)', async () => {
    const { user } = await signup(system);
    const sentRow = await eventually(() =>
      withDb(system, async (db) => {
        const { rows } = await db.query(
          `SELECT sent_at, error, link_sealed, body_text FROM notifications.outbound_mail WHERE to_address = $1 AND kind = 'email_verification'`,
          [user.email],
        );
        return rows[0]?.sent_at ? rows[0] : undefined;
      }),
    );
    expect(sentRow.error).toBeNull();
    const raw = smtp.messages.find((m) => m.includes(`To: ${user.email}`));
    expect(raw).toBeDefined();
    // The user signed up without a language: French, the default.
    expect(raw).toContain('Subject: Confirmez votre adresse e-mail sur IntoWork');
    // The mail carries the live link; the record of it, once sent, no longer does (mail-links.e2e-spec).
    const token = linkToken(raw!, 'verify-email');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sentRow.link_sealed).toBeNull();
    expect(sentRow.body_text).not.toContain(token);
    expect((await system.request('POST', '/api/auth/verify-email', { body: { token } })).status).toBe(200);
  });

  it('documents the identity routes in the OpenAPI document', async () => {
    const res = await fetch(system.url('/docs-json'));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of [
      '/api/auth/signup',
      '/api/auth/refresh',
      '/api/candidates/profile',
      '/api/candidates/cv',
      '/api/candidates/cvs/{id}/download',
      '/api/employers/me',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('purges expired sessions, spent tokens and abandoned uploads in the scheduled maintenance', async () => {
    const a = await signup(system);
    await withDb(system, async (db) => {
      await db.query(`UPDATE auth.sessions SET expires = now() - interval '1 minute' WHERE user_id = $1`, [a.user.id]);
      await db.query(
        `INSERT INTO auth.cv_upload_chunks (upload_id, chunk_index, user_id, data, created_at) VALUES (gen_random_uuid(), 0, $1, '\\x00', now() - interval '2 hours')`,
        [a.user.id],
      );
    });
    const run = await rpc('auth.ops.maintenance-run.v1', {});
    expect(run.response.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ task: 'auth-expired-purge', ran: true })]));
    await withDb(system, async (db) => {
      expect((await db.query(`SELECT count(*)::int AS n FROM auth.sessions WHERE user_id = $1`, [a.user.id])).rows[0].n).toBe(0);
      expect((await db.query(`SELECT count(*)::int AS n FROM auth.cv_upload_chunks WHERE user_id = $1`, [a.user.id])).rows[0].n).toBe(0);
    });
  });
});
