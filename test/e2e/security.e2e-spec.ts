import 'reflect-metadata';
import { createAdmin } from '../../tools/create-admin';
import { DEMO_ADMIN_EMAIL, generateDemoPassword, replacePublishedDemoAdminPassword } from '../../tools/demo-data';
import { freePort } from '../../tools/lib/ports';
import { eventually, TestSystem } from '../support/test-system';
import { oauthSignin, PASSWORD, signup, uniqueEmail, verifyEmail, withDb } from './auth-helpers';

/**
 * Issue #11, the secrets, OAuth and session findings, each as it was found: fail closed whatever
 * NODE_ENV says. The system runs with NODE_ENV=development, the default of `npm start`, where the
 * OAuth route used to be open and the repository's secrets were accepted.
 */
describe('security: secrets, OAuth sign-in, sessions (issue #11)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('security', { NODE_ENV: 'development', DB_MAINTENANCE_INTERVAL_S: '0', RATE_LIMIT_ACCOUNT: '3/60' }, [
      'auth',
      'notifications',
      'gateway',
    ]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** A gateway replica on its own port with NODE_ENV overridden: its base URL. */
  async function gatewayWith(nodeEnv: string): Promise<string> {
    const port = await freePort();
    await system.startProcess('gateway', nodeEnv, { NODE_ENV: nodeEnv, GATEWAY_PORT: String(port) });
    return `http://127.0.0.1:${port}`;
  }

  describe('OAuth sign-in', () => {
    it.each(['development', 'test', 'production'])(
      'without the client secret is 403 and issues nothing, with NODE_ENV=%s, even for an existing verified account',
      async (nodeEnv) => {
        const base = nodeEnv === 'development' ? system.url('') : await gatewayWith(nodeEnv);
        const victim = await signup(system);
        await verifyEmail(system, victim.user.email);
        const body = { provider: 'google', provider_account_id: `g-${victim.user.email}`, email: victim.user.email };
        for (const headers of [
          {} as Record<string, string>,
          { 'x-oauth-client-secret': '' },
          { 'x-oauth-client-secret': 'guess' },
          { 'x-oauth-client-secret': `${system.env.OAUTH_SIGNIN_SECRET}x` },
        ]) {
          const res = await fetch(`${base}/api/auth/oauth/signin`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
          });
          const answer = (await res.json()) as Record<string, unknown>;
          expect({ status: res.status, code: answer.code, access_token: answer.access_token }).toEqual({
            status: 403,
            code: 'AUTH.OAUTH_FORBIDDEN',
            access_token: undefined,
          });
        }
        await withDb(system, async (db) => {
          const { rows } = await db.query(`SELECT count(*)::int AS n FROM auth.accounts WHERE user_id = $1`, [victim.user.id]);
          expect(rows[0].n).toBe(0);
        });
      },
    );

    it('does not link a provider identity to an account whose e-mail is unverified (409), and does once it is verified', async () => {
      // Pre-hijacking: someone signs up with an address they do not own; its owner later comes through a provider.
      const squatter = await signup(system);
      const body = { provider: 'google', provider_account_id: `g-${squatter.user.email}`, email: squatter.user.email };
      const refused = await oauthSignin(system, body);
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        detail: 'Confirmez l’adresse e-mail de ce compte avant de vous connecter avec ce fournisseur.',
        code: 'AUTH.OAUTH_EMAIL_NOT_VERIFIED',
      });
      await withDb(system, async (db) => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM auth.accounts WHERE user_id = $1`, [squatter.user.id]);
        expect(rows[0].n).toBe(0);
      });

      await verifyEmail(system, squatter.user.email);
      const linked = await oauthSignin(system, body);
      expect(linked.status).toBe(200);
      expect(linked.body.user.id).toBe(squatter.user.id);
    });

    it('never signs in to an admin account through a provider (403), by e-mail or by an earlier link', async () => {
      const admin = await signup(system);
      await verifyEmail(system, admin.user.email);
      await withDb(system, (db) => db.query(`UPDATE auth.users SET role = 'admin' WHERE id = $1`, [admin.user.id]));
      const byEmail = await oauthSignin(system, {
        provider: 'google',
        provider_account_id: `g-${admin.user.email}`,
        email: admin.user.email,
      });
      expect(byEmail.status).toBe(403);
      expect(byEmail.body.code).toBe('AUTH.OAUTH_ADMIN_NOT_ALLOWED');
      expect(byEmail.body.access_token).toBeUndefined();

      // A link made before the rule existed does not open the account either.
      await withDb(system, (db) =>
        db.query(`INSERT INTO auth.accounts (user_id, type, provider, provider_account_id) VALUES ($1, 'oauth', 'github', 'gh-admin')`, [
          admin.user.id,
        ]),
      );
      const byLink = await oauthSignin(system, { provider: 'github', provider_account_id: 'gh-admin', email: uniqueEmail('other') });
      expect(byLink.status).toBe(403);
      expect(byLink.body.code).toBe('AUTH.OAUTH_ADMIN_NOT_ALLOWED');
    });
  });

  describe('sessions', () => {
    it('a reused refresh token also makes the access tokens issued before it stop working (401)', async () => {
      const first = await signup(system);
      const rotated = await system.request('POST', '/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
      expect(rotated.status).toBe(200);
      for (const token of [first.access_token, rotated.body.access_token]) {
        expect((await system.request('GET', '/api/auth/me', { token })).status).toBe(200);
      }
      // The thief (or the victim) presents the spent token again.
      const replay = await system.request('POST', '/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('AUTH.INVALID_REFRESH_TOKEN');
      // Within the gateway's user-status cache time (3 s), every earlier access token is refused.
      for (const token of [first.access_token, rotated.body.access_token]) {
        await eventually(async () => (await system.request('GET', '/api/auth/me', { token })).status === 401, 5000);
        const res = await system.request('GET', '/api/auth/me', { token });
        expect(res.body).toEqual({ detail: 'Cette session a été révoquée. Reconnectez-vous.', code: 'UNAUTHORIZED' });
      }
      expect((await system.request('POST', '/api/auth/refresh', { body: { refresh_token: rotated.body.refresh_token } })).status).toBe(401);
      // Signing in again works, and its token is accepted.
      const again = await system.request('POST', '/api/auth/signin', { body: { email: first.user.email, password: PASSWORD } });
      expect(again.status).toBe(200);
      expect((await system.request('GET', '/api/auth/me', { token: again.body.access_token })).status).toBe(200);
    });

    it('limits change-password and change-email per user, in one budget (429 with Retry-After); another user keeps theirs', async () => {
      const user = await signup(system);
      const wrong = { current_password: 'Wrong!Passw0rd', new_password: 'New!Passw0rd1' };
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++)
        statuses.push((await system.request('POST', '/api/auth/change-password', { token: user.access_token, body: wrong })).status);
      statuses.push(
        (
          await system.request('POST', '/api/auth/change-email', {
            token: user.access_token,
            body: { password: 'Wrong!Passw0rd', new_email: uniqueEmail() },
          })
        ).status,
      );
      expect(statuses).toEqual([400, 400, 400]);
      const limited = await system.request('POST', '/api/auth/change-password', {
        token: user.access_token,
        body: { current_password: PASSWORD, new_password: 'New!Passw0rd1' },
      });
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ detail: expect.any(String), code: 'RATE_LIMITED' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        (
          await system.request('POST', '/api/auth/change-email', {
            token: user.access_token,
            body: { password: PASSWORD, new_email: uniqueEmail() },
          })
        ).status,
      ).toBe(429);
      // The password was not changed by the refused try.
      expect((await system.request('POST', '/api/auth/signin', { body: { email: user.user.email, password: PASSWORD } })).status).toBe(200);

      const other = await signup(system);
      const ok = await system.request('POST', '/api/auth/change-password', {
        token: other.access_token,
        body: { current_password: PASSWORD, new_password: 'New!Passw0rd1' },
      });
      expect(ok.status).toBe(200);
    });

    it('answers a reset with a made-up token with its error (the ordering itself: auth-reset-order.int-spec)', async () => {
      const res = await system.request('POST', '/api/auth/reset-password', {
        body: { token: 'made-up-token', new_password: 'Str0ng!Passw0rd' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('AUTH.INVALID_TOKEN');
    });
  });

  describe('the demo data', () => {
    it("an earlier demo database's admin loses the password once published in the repository", async () => {
      const published = 'Demo!Passw0rd2026';
      await createAdmin(system.natsTools, { email: DEMO_ADMIN_EMAIL, password: published });
      const fresh = generateDemoPassword();
      expect(await replacePublishedDemoAdminPassword(system.url(''), fresh)).toBe(true);
      expect((await system.request('POST', '/api/auth/signin', { body: { email: DEMO_ADMIN_EMAIL, password: published } })).status).toBe(
        401,
      );
      expect((await system.request('POST', '/api/auth/signin', { body: { email: DEMO_ADMIN_EMAIL, password: fresh } })).status).toBe(200);
      // Nothing to do the second time.
      expect(await replacePublishedDemoAdminPassword(system.url(''), generateDemoPassword())).toBe(false);
    });
  });

  describe('a process without its secrets', () => {
    /** Starts `name` from dist/ with the suite's environment minus `drop` (plus `extra`): its exit code and output. */
    async function startWithout(
      name: 'gateway' | 'auth',
      replica: string,
      drop: string[],
      extra: NodeJS.ProcessEnv = {},
    ): Promise<{ code: number; output: string }> {
      const env: NodeJS.ProcessEnv = {
        ...system.env,
        NODE_ENV: 'development',
        [`${name.toUpperCase()}_PORT`]: String(await freePort()),
        ...extra,
      };
      for (const variable of drop) delete env[variable];
      system.processes.start(name, env, { replica });
      const code = await system.processes.waitExit(name, 30000, replica);
      return { code, output: system.processes.logs(name, replica).join('\n') };
    }

    it('the gateway exits 78 naming each missing secret, whatever NODE_ENV says', async () => {
      const { code, output } = await startWithout('gateway', 'no-secrets', ['JWT_SECRET', 'OAUTH_SIGNIN_SECRET']);
      expect(code).toBe(78);
      expect(output).toContain('Invalid configuration');
      for (const variable of ['JWT_SECRET', 'OAUTH_SIGNIN_SECRET']) expect(output).toMatch(new RegExp(`${variable} is required`));
      expect(output).toContain('.data/secrets.env');
    });

    it('the auth service exits 78 without its keys or role password, and refuses a secret once published in the repository', async () => {
      const missing = await startWithout(
        'auth',
        'no-keys',
        ['REFRESH_TOKEN_HASH_KEY', 'OAUTH_TOKEN_KEYS', 'AUTH_DB_PASSWORD', 'JWT_SECRET'],
        { NODE_ENV: 'test' },
      );
      expect(missing.code).toBe(78);
      for (const variable of ['JWT_SECRET', 'REFRESH_TOKEN_HASH_KEY', 'OAUTH_TOKEN_KEYS', 'AUTH_DB_PASSWORD'])
        expect(missing.output).toMatch(new RegExp(`${variable} is required`));

      const published = await startWithout('auth', 'published', [], { JWT_SECRET: 'intowork-development-secret-change-me-0123456789' });
      expect(published.code).toBe(78);
      expect(published.output).toMatch(/JWT_SECRET is a value published in the IntoWork repository/);
      expect(published.output).not.toContain('intowork-development-secret-change-me');
    });
  });
});
