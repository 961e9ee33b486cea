import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { eventually, TestSystem } from '../support/test-system';
import { mailToken, oauthSignin, PASSWORD, signup, uniqueEmail, verifyEmail, withDb } from './auth-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Issue 3: /api/auth through the gateway, against the real auth and notifications services. */
describe('identity: /api/auth', () => {
  let system: TestSystem;

  beforeAll(async () => {
    // DB_MAINTENANCE_INTERVAL_S=0: the scheduled maintenance is not under test here (the purge is run directly).
    system = await TestSystem.start('auth', { DB_MAINTENANCE_INTERVAL_S: '0' }, ['auth', 'notifications', 'gateway']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('sign-up', () => {
    it('creates the user and its empty profile, signs in, and mails a verification link', async () => {
      const email = uniqueEmail('Mixed.Case');
      const res = await system.request('POST', '/api/auth/signup', {
        body: { email, password: PASSWORD, first_name: 'Ada', last_name: 'Lovelace', role: 'candidate' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'bearer',
        user: {
          id: expect.any(Number),
          email: email.toLowerCase(),
          first_name: 'Ada',
          last_name: 'Lovelace',
          role: 'candidate',
          image: null,
        },
      });
      const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
      expect(claims).toEqual({
        sub: String(res.body.user.id),
        email: email.toLowerCase(),
        role: 'candidate',
        type: 'access',
        iat: expect.any(Number),
        exp: claims.iat + 900,
      });
      const header = JSON.parse(Buffer.from(res.body.access_token.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM auth.candidates WHERE user_id = $1`, [res.body.user.id]);
        expect(rows[0].n).toBe(1);
      });
      expect(await eventually(() => mailToken(system, email.toLowerCase(), 'email_verification'))).toEqual(expect.any(String));

      const employer = await signup(system, 'employer');
      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM auth.employers WHERE user_id = $1`, [employer.user.id]);
        expect(rows[0].n).toBe(1);
      });
    });

    it('refuses a taken e-mail in any case (409), a weak password (400), admin and bad shapes (422)', async () => {
      const email = uniqueEmail('dup');
      await signup(system, 'candidate', email);
      const dup = await system.request('POST', '/api/auth/signup', {
        body: { email: email.toUpperCase(), password: PASSWORD, first_name: 'A', last_name: 'B', role: 'employer' },
      });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({ detail: expect.any(String), code: 'AUTH.EMAIL_TAKEN' });

      const weak = await system.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail(), password: 'alllowercase1!', first_name: 'A', last_name: 'B', role: 'candidate' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');
      // French by default (the test client sends no language of ours): the detail names what is missing.
      expect(weak.body.detail).toMatch(/majuscule/);

      const admin = await system.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail(), password: PASSWORD, first_name: 'A', last_name: 'B', role: 'admin' },
      });
      expect(admin.status).toBe(422);
      expect(admin.body.code).toBe('VALIDATION_FAILED');
      expect(admin.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'role'] })]);

      const shape = await system.request('POST', '/api/auth/signup', {
        body: { email: 'not-an-email', password: PASSWORD, role: 'candidate' },
      });
      expect(shape.status).toBe(422);
      expect(shape.body.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(
        expect.arrayContaining(['email', 'first_name', 'last_name']),
      );

      const long = await system.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail(), password: `Aa1!${'x'.repeat(125)}`, first_name: 'A', last_name: 'B', role: 'candidate' },
      });
      expect(long.status).toBe(422);
      expect(long.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'password'] })]);
    });
  });

  describe('sign-in and the access token', () => {
    it('signs in, and answers the same 401 for a wrong password and an unknown e-mail', async () => {
      const { user } = await signup(system);
      const ok = await system.request('POST', '/api/auth/signin', { body: { email: user.email.toUpperCase(), password: PASSWORD } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ token_type: 'bearer', user: { id: user.id, email: user.email, role: 'candidate' } });

      const wrong = await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: 'Wrong!Passw0rd' } });
      const unknown = await system.request('POST', '/api/auth/signin', { body: { email: uniqueEmail('ghost'), password: PASSWORD } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body).toEqual({ detail: 'Adresse e-mail ou mot de passe incorrect.', code: 'AUTH.INVALID_CREDENTIALS' });
    });

    it('GET /me with a token; 401 without one or with a bad one', async () => {
      const { access_token, user } = await signup(system, 'employer');
      const me = await system.request('GET', '/api/auth/me', { token: access_token });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        id: user.id,
        email: user.email,
        first_name: 'Ada',
        last_name: 'Lovelace',
        name: 'Ada Lovelace',
        role: 'employer',
        image: null,
        is_active: true,
        email_verified: false,
        locale: 'fr',
      });
      expect((await system.request('GET', '/api/auth/me')).status).toBe(401);
      expect((await system.request('GET', '/api/auth/me', { token: `${access_token}x` })).status).toBe(401);
    });

    it('an inactive user cannot sign in (403), and their live access token stops within seconds', async () => {
      const { access_token, user } = await signup(system);
      expect((await system.request('GET', '/api/auth/me', { token: access_token })).status).toBe(200);
      await withDb(system, (db) => db.query(`UPDATE auth.users SET is_active = false WHERE id = $1`, [user.id]));
      const signin = await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: PASSWORD } });
      expect(signin.status).toBe(403);
      expect(signin.body.code).toBe('AUTH.INACTIVE_USER');
      const blocked = await eventually(async () => {
        const res = await system.request('GET', '/api/auth/me', { token: access_token });
        return res.status === 403 ? res : undefined;
      }, 8000);
      expect(blocked!.body.code).toBe('AUTH.INACTIVE_USER');
    });
  });

  describe('session cookie (optional, with CSRF protection)', () => {
    /** `name=value` of each Set-Cookie, and its attributes, by cookie name. */
    function cookiesOf(headers: Headers): Record<string, { value: string; attrs: string }> {
      return Object.fromEntries(
        headers.getSetCookie().map((line) => {
          const [pair, ...attrs] = line.split(';').map((p) => p.trim());
          const at = pair.indexOf('=');
          return [pair.slice(0, at), { value: decodeURIComponent(pair.slice(at + 1)), attrs: attrs.join('; ') }];
        }),
      );
    }

    it('sign-in sets the access token as an HttpOnly cookie and a readable CSRF token', async () => {
      const user = await signup(system);
      const res = await system.request('POST', '/api/auth/signin', { body: { email: user.user.email, password: PASSWORD } });
      expect(res.status).toBe(200);
      const cookies = cookiesOf(res.headers);
      expect(cookies.intowork_access.value).toBe(res.body.access_token);
      expect(cookies.intowork_access.attrs).toMatch(/Max-Age=900/);
      expect(cookies.intowork_access.attrs).toMatch(/Path=\/api/);
      expect(cookies.intowork_access.attrs).toMatch(/HttpOnly/);
      expect(cookies.intowork_access.attrs).toMatch(/SameSite=Lax/);
      expect(cookies.intowork_csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookies.intowork_csrf.attrs).toMatch(/Path=\//);
      expect(cookies.intowork_csrf.attrs).not.toMatch(/HttpOnly/);
    });

    it('authenticates reads by cookie alone; a write needs X-CSRF-Token equal to the CSRF cookie; signing out clears both', async () => {
      const user = await signup(system);
      const signin = await system.request('POST', '/api/auth/signin', { body: { email: user.user.email, password: PASSWORD } });
      const cookies = cookiesOf(signin.headers);
      const cookie = `intowork_access=${cookies.intowork_access.value}; intowork_csrf=${cookies.intowork_csrf.value}`;

      const me = await system.request('GET', '/api/auth/me', { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.user.id);

      const noCsrf = await system.request('POST', '/api/notifications/stream-ticket', { headers: { cookie } });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body).toEqual({ detail: expect.any(String), code: 'AUTH.CSRF_FAILED' });
      const wrongCsrf = await system.request('POST', '/api/notifications/stream-ticket', {
        headers: { cookie, 'x-csrf-token': 'x'.repeat(43) },
      });
      expect(wrongCsrf.status).toBe(403);
      // The CSRF cookie is not enough by itself: a cross-site form sends cookies but cannot set the header.
      const onlyCookieCsrf = await system.request('POST', '/api/notifications/stream-ticket', {
        headers: { cookie: `intowork_access=${cookies.intowork_access.value}`, 'x-csrf-token': cookies.intowork_csrf.value },
      });
      expect(onlyCookieCsrf.status).toBe(403);
      const ok = await system.request('POST', '/api/notifications/stream-ticket', {
        headers: { cookie, 'x-csrf-token': cookies.intowork_csrf.value },
      });
      expect(ok.status).toBe(200);
      // A Bearer header needs no CSRF token (a page of another site cannot send it).
      expect((await system.request('POST', '/api/notifications/stream-ticket', { token: signin.body.access_token })).status).toBe(200);

      const out = await system.request('POST', '/api/auth/signout-all', {
        headers: { cookie, 'x-csrf-token': cookies.intowork_csrf.value },
      });
      expect(out.status).toBe(204);
      const cleared = cookiesOf(out.headers);
      expect(cleared.intowork_access.value).toBe('');
      expect(cleared.intowork_access.attrs).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(cleared.intowork_csrf.value).toBe('');
      expect((await system.request('GET', '/api/auth/me', { headers: { cookie } })).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotate on every use; a reused token revokes the whole family, the newest token included', async () => {
      const first = await signup(system);
      const r1 = await system.request('POST', '/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
      expect(r1.status).toBe(200);
      expect(r1.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer' });
      expect(r1.body.refresh_token).not.toBe(first.refresh_token);
      const r2 = await system.request('POST', '/api/auth/refresh', { body: { refresh_token: r1.body.refresh_token } });
      expect(r2.status).toBe(200);

      const replay = await system.request('POST', '/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('AUTH.INVALID_REFRESH_TOKEN');
      const newest = await system.request('POST', '/api/auth/refresh', { body: { refresh_token: r2.body.refresh_token } });
      expect(newest.status).toBe(401);

      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT family_id, used_at, revoked_at FROM auth.sessions WHERE user_id = $1`, [first.user.id]);
        expect(rows).toHaveLength(3);
        expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
        expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
        expect(rows.filter((r) => r.used_at !== null)).toHaveLength(2);
      });
    });

    it('refuses unknown, expired and signed-out tokens with 401', async () => {
      expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token: 'nope' } })).status).toBe(401);
      expect((await system.request('POST', '/api/auth/refresh', { body: {} })).status).toBe(422);

      const a = await signup(system);
      await withDb(system, (db) =>
        db.query(`UPDATE auth.sessions SET expires = now() - interval '1 second' WHERE user_id = $1`, [a.user.id]),
      );
      expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token: a.refresh_token } })).status).toBe(401);

      const b = await signup(system);
      const out = await system.request('POST', '/api/auth/signout', { body: { refresh_token: b.refresh_token } });
      expect(out.status).toBe(204);
      expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token: b.refresh_token } })).status).toBe(401);
      // Idempotent: signing out twice (or with an unknown token) is still 204.
      expect((await system.request('POST', '/api/auth/signout', { body: { refresh_token: b.refresh_token } })).status).toBe(204);
    });
  });

  describe('sign out everywhere', () => {
    it('is exact to the millisecond: a token from just before is refused, one from just after accepted, in the same second', async () => {
      const user = await signup(system);
      const before = await system.request('POST', '/api/auth/signin', { body: { email: user.user.email, password: PASSWORD } });
      expect((await system.request('POST', '/api/auth/signout-all', { token: before.body.access_token })).status).toBe(204);
      const after = await system.request('POST', '/api/auth/signin', { body: { email: user.user.email, password: PASSWORD } });
      expect((await system.request('GET', '/api/auth/me', { token: before.body.access_token })).status).toBe(401);
      expect((await system.request('GET', '/api/auth/me', { token: after.body.access_token })).status).toBe(200);
    });

    it('revokes every session and every older access token of the user, and no one else’s', async () => {
      const first = await signup(system);
      const second = await system.request('POST', '/api/auth/signin', { body: { email: first.user.email, password: PASSWORD } });
      const other = await signup(system);
      expect((await system.request('POST', '/api/auth/signout-all')).status).toBe(401);
      expect((await system.request('POST', '/api/auth/signout-all', { token: first.access_token })).status).toBe(204);
      for (const refresh_token of [first.refresh_token, second.body.refresh_token]) {
        expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token } })).status).toBe(401);
      }
      expect((await system.request('GET', '/api/auth/me', { token: second.body.access_token })).status).toBe(401);
      expect((await system.request('GET', '/api/auth/me', { token: other.access_token })).status).toBe(200);
      const again = await system.request('POST', '/api/auth/signin', { body: { email: first.user.email, password: PASSWORD } });
      expect((await system.request('GET', '/api/auth/me', { token: again.body.access_token })).status).toBe(200);
    });
  });

  describe('password and e-mail changes', () => {
    it('change-password: 400 for a wrong current password or a weak new one; then older tokens and sessions stop', async () => {
      const { access_token, refresh_token, user } = await signup(system);
      const wrong = await system.request('POST', '/api/auth/change-password', {
        token: access_token,
        body: { current_password: 'Wrong!Passw0rd', new_password: 'N3w!Password-x' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('AUTH.WRONG_PASSWORD');
      const weak = await system.request('POST', '/api/auth/change-password', {
        token: access_token,
        body: { current_password: PASSWORD, new_password: 'short' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');

      const ok = await system.request('POST', '/api/auth/change-password', {
        token: access_token,
        body: { current_password: PASSWORD, new_password: 'N3w!Password-x' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ message: expect.any(String) });
      await eventually(async () => (await system.request('GET', '/api/auth/me', { token: access_token })).status === 401, 8000);
      expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token } })).status).toBe(401);
      expect((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
      const fresh = await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: 'N3w!Password-x' } });
      expect(fresh.status).toBe(200);
      expect((await system.request('GET', '/api/auth/me', { token: fresh.body.access_token })).status).toBe(200);
    });

    it('change-email: 400 wrong password, 409 taken; then mails both addresses and verifies the new one once', async () => {
      const other = await signup(system);
      const { access_token, user } = await signup(system);
      const wrong = await system.request('POST', '/api/auth/change-email', {
        token: access_token,
        body: { new_email: uniqueEmail(), password: 'Wrong!Passw0rd' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('AUTH.WRONG_PASSWORD');
      const taken = await system.request('POST', '/api/auth/change-email', {
        token: access_token,
        body: { new_email: other.user.email.toUpperCase(), password: PASSWORD },
      });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('AUTH.EMAIL_TAKEN');

      const newEmail = uniqueEmail('moved');
      const ok = await system.request('POST', '/api/auth/change-email', {
        token: access_token,
        body: { new_email: newEmail, password: PASSWORD },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ message: expect.any(String), new_email: newEmail });
      expect((await system.request('POST', '/api/auth/signin', { body: { email: newEmail, password: PASSWORD } })).status).toBe(200);
      expect((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
      await eventually(() =>
        withDb(
          system,
          async (db) =>
            (await db.query(`SELECT 1 FROM notifications.outbound_mail WHERE to_address = $1 AND kind = 'email_changed'`, [user.email]))
              .rowCount === 1,
        ),
      );

      const token = await eventually(() => mailToken(system, newEmail, 'email_verification'));
      const verify = await system.request('POST', '/api/auth/verify-email', { body: { token } });
      expect(verify.status).toBe(200);
      expect((await system.request('GET', '/api/auth/me', { token: access_token })).body.email_verified).toBe(true);
      const again = await system.request('POST', '/api/auth/verify-email', { body: { token } });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('AUTH.INVALID_TOKEN');
    });
  });

  describe('forgotten password', () => {
    it('always answers 200, and mails a reset link only to an existing account', async () => {
      const { user } = await signup(system);
      const ghost = uniqueEmail('ghost');
      const a = await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } });
      const b = await system.request('POST', '/api/auth/forgot-password', { body: { email: ghost } });
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(b.body).toEqual(a.body);
      expect(await eventually(() => mailToken(system, user.email, 'password_reset'))).toEqual(expect.any(String));
      await sleep(500);
      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM notifications.outbound_mail WHERE to_address = $1`, [ghost]);
        expect(rows[0].n).toBe(0);
      });
    });

    it('resets once with the newest token, revoking sessions and older tokens; used, old or expired tokens are 400', async () => {
      const { user, refresh_token } = await signup(system);
      await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } });
      const older = await eventually(() => mailToken(system, user.email, 'password_reset'));
      await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } });
      const token = await eventually(async () => {
        const t = await mailToken(system, user.email, 'password_reset');
        return t !== older ? t : undefined;
      });

      expect(
        (await system.request('POST', '/api/auth/reset-password', { body: { token: older, new_password: 'Reset!Passw0rd1' } })).status,
      ).toBe(400);
      const weak = await system.request('POST', '/api/auth/reset-password', { body: { token, new_password: 'weak' } });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');

      const ok = await system.request('POST', '/api/auth/reset-password', { body: { token, new_password: 'Reset!Passw0rd1' } });
      expect(ok.status).toBe(200);
      const reused = await system.request('POST', '/api/auth/reset-password', { body: { token, new_password: 'Reset!Passw0rd2' } });
      expect(reused.status).toBe(400);
      expect(reused.body.code).toBe('AUTH.INVALID_TOKEN');
      expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token } })).status).toBe(401);
      expect((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: 'Reset!Passw0rd1' } })).status).toBe(
        200,
      );
      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT password_changed_at FROM auth.users WHERE id = $1`, [user.id]);
        expect(rows[0].password_changed_at).not.toBeNull();
      });

      await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } });
      const expiring = await eventually(async () => {
        const t = await mailToken(system, user.email, 'password_reset');
        return t !== token ? t : undefined;
      });
      await withDb(system, (db) =>
        db.query(`UPDATE auth.password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]),
      );
      expect(
        (await system.request('POST', '/api/auth/reset-password', { body: { token: expiring, new_password: 'Reset!Passw0rd3' } })).status,
      ).toBe(400);
    });
  });

  describe('OAuth sign-in', () => {
    it('creates and links an account once per provider identity, sealing provider tokens', async () => {
      const email = uniqueEmail('oauth');
      const body = {
        provider: 'google',
        provider_account_id: `g-${email}`,
        email,
        first_name: 'Grace',
        last_name: 'Hopper',
        access_token: 'ya29.provider-access-secret',
        refresh_token: '1//provider-refresh-secret',
        expires_at: 2000000000,
      };
      const first = await oauthSignin(system, body);
      expect(first.status).toBe(200);
      expect(first.body.user).toMatchObject({ email, first_name: 'Grace', role: 'candidate' });
      const second = await oauthSignin(system, { ...body, access_token: 'ya29.rotated-access-secret' });
      expect(second.status).toBe(200);
      expect(second.body.user.id).toBe(first.body.user.id);

      // An existing password account with the same, verified e-mail is linked, not duplicated
      // (an unverified one is refused: security.e2e-spec).
      const existing = await signup(system);
      await verifyEmail(system, existing.user.email);
      const linked = await oauthSignin(system, { provider: 'github', provider_account_id: 'gh-42', email: existing.user.email });
      expect(linked.status).toBe(200);
      expect(linked.body.user.id).toBe(existing.user.id);

      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT * FROM auth.accounts WHERE user_id = $1`, [first.body.user.id]);
        expect(rows).toHaveLength(1);
        expect(rows[0].key_id).toBe(system.env.OAUTH_TOKEN_KEYS!.split(':')[0]);
        const stored = JSON.stringify(rows[0]);
        expect(stored).not.toContain('provider-access-secret');
        expect(stored).not.toContain('rotated-access-secret');
        expect(stored).not.toContain('provider-refresh-secret');
        expect(rows[0].access_token_enc).toEqual(expect.any(String));
      });
    });
  });

  describe('secrets at rest', () => {
    it('stores no password, refresh token, reset or verification token in plain text', async () => {
      const { user, refresh_token } = await signup(system);
      await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } });
      const reset = await eventually(() => mailToken(system, user.email, 'password_reset'));
      const verification = await eventually(() => mailToken(system, user.email, 'email_verification'));
      await withDb(system, async (db) => {
        const users = await db.query(`SELECT password_hash FROM auth.users WHERE id = $1`, [user.id]);
        expect(users.rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
        const sessions = await db.query(`SELECT session_token FROM auth.sessions WHERE user_id = $1`, [user.id]);
        expect(sessions.rows).toHaveLength(1);
        expect(sessions.rows[0].session_token).toMatch(/^[0-9a-f]{64}$/);
        expect(sessions.rows[0].session_token).not.toContain(refresh_token);
        expect(sessions.rows[0].session_token).toBe(
          createHmac('sha256', system.env.REFRESH_TOKEN_HASH_KEY!).update(refresh_token).digest('hex'),
        );
        const resets = await db.query(`SELECT token FROM auth.password_reset_tokens WHERE user_id = $1`, [user.id]);
        const verifications = await db.query(`SELECT token FROM auth.verification_tokens WHERE user_id = $1`, [user.id]);
        const all = JSON.stringify([users.rows, sessions.rows, resets.rows, verifications.rows]);
        for (const secret of [PASSWORD, refresh_token, reset, verification]) expect(all).not.toContain(secret);
      });
    });
  });

  describe('delete-account', () => {
    it("removes the user's rows from the auth schema, publishes user.deleted, and the token stops", async () => {
      const { access_token, user } = await signup(system);
      await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } });
      const res = await system.request('DELETE', '/api/auth/delete-account', { token: access_token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: expect.any(String) });
      await withDb(system, async (db) => {
        for (const table of ['users']) {
          const { rows } = await db.query(`SELECT count(*)::int AS n FROM auth.${table} WHERE id = $1`, [user.id]);
          expect(rows[0].n).toBe(0);
        }
        for (const table of ['candidates', 'sessions', 'password_reset_tokens', 'verification_tokens', 'accounts']) {
          const { rows } = await db.query(`SELECT count(*)::int AS n FROM auth.${table} WHERE user_id = $1`, [user.id]);
          expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
        }
      });
      await eventually(() =>
        withDb(system, async (db) => {
          const { rows } = await db.query(
            `SELECT published_at FROM auth.outbox WHERE subject = 'events.auth.user.deleted.v1' AND payload->>'user_id' = $1`,
            [String(user.id)],
          );
          return rows.length === 1 && rows[0].published_at !== null;
        }),
      );
      expect((await system.request('GET', '/api/auth/me', { token: access_token })).status).toBe(401);
      expect((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
    });
  });
});
