import { JwtService } from '@nestjs/jwt';
import { DomainError, JwtConfig, loadConfig } from '@app/common';
import { AUTH_MAIL_REQUESTED, MAIL_LINK_PLACEHOLDER, mailLinkAad, MailRequestedEvent, SignupRequest } from '@app/contracts';
import { AuthConfig } from '../../apps/auth/src/auth.config';
import { TokensService } from '../../apps/auth/src/users/tokens.service';
import { UsersModule } from '../../apps/auth/src/users/users.module';
import { UsersService } from '../../apps/auth/src/users/users.service';
import { generateSecrets } from '../../tools/lib/secrets';
import { TokenCipher } from '../../libs/common/src/crypto/token-cipher';
import { currentKeyId, parseKeyList } from '../../libs/common/src/config/key-list';
import { natsCredentialsEnv } from '../../tools/lib/nats-auth';
import { ServiceTier, startServiceTier } from '../support/service-tier';

/** The auth service's rules on a real database: sign-up, sign-in, refresh rotation and reuse, password reset. */
describe('auth service (service tier)', () => {
  // This suite's own secrets, as every test system has (nothing from the repository is a secret).
  const secrets = generateSecrets();
  // The config asks for the process's NATS login; the tier never connects.
  const env = { ...secrets, ...natsCredentialsEnv('auth', secrets) };
  const jwtConfig = loadConfig(JwtConfig, env);
  let tier: ServiceTier;
  let users: UsersService;
  let tokens: TokensService;
  let jwt: JwtService;
  let n = 0;
  const password = 'Correct-horse-9';

  beforeAll(async () => {
    tier = await startServiceTier({
      service: 'auth',
      config: loadConfig(AuthConfig, env),
      configClass: AuthConfig,
      imports: [UsersModule.register(jwtConfig)],
    });
    users = tier.get(UsersService);
    tokens = tier.get(TokensService);
    jwt = tier.get(JwtService);
  });
  afterAll(() => tier?.close());

  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (err: unknown) => (err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`),
    );
  const signupRequest = (extra: Partial<SignupRequest> = {}): SignupRequest => ({
    email: `user${++n}@example.test`,
    password,
    first_name: ' Ada ',
    last_name: 'Lovelace',
    role: 'candidate',
    locale: 'en',
    ...extra,
  });
  const one = async (sql: string, params: unknown[]) => (await tier.admin.query(sql, params)).rows[0];
  const count = async (sql: string, params: unknown[]) => (await one(`SELECT count(*)::int AS n FROM ${sql}`, params)).n as number;
  const mailsTo = async (to: string, kind: string) =>
    (await tier.outbox<MailRequestedEvent>(AUTH_MAIL_REQUESTED)).map((e) => e.payload).filter((m) => m.to === to && m.kind === kind);
  /** The token of the link an e-mail carries (the service stores only its hash). */
  /** The mail's link as its recipient reads it: sealed in the event (MAIL_LINK_KEYS), opened with the tier's key. */
  const linkIn = (mail: MailRequestedEvent) =>
    new TokenCipher(parseKeyList(secrets.MAIL_LINK_KEYS), currentKeyId(secrets.MAIL_LINK_KEYS)).open(
      mail.link!,
      mailLinkAad({ to: mail.to, kind: mail.kind }),
    );
  const tokenIn = (mail: MailRequestedEvent) => decodeURIComponent(/token=([^\s&]+)/.exec(linkIn(mail))![1]);
  const sessions = async (userId: number) =>
    (await tier.admin.query(`SELECT family_id, used_at, revoked_at FROM auth.sessions WHERE user_id = $1 ORDER BY id`, [userId]))
      .rows as Array<{
      family_id: string;
      used_at: Date | null;
      revoked_at: Date | null;
    }>;

  describe('sign-up and sign-in', () => {
    it('signs up: the user, its profile, a session, a verification token and its e-mail in the outbox; tokens for the new user', async () => {
      const req = signupRequest();
      const result = await users.signup(req);
      expect(result.user).toMatchObject({ email: req.email, first_name: 'Ada', last_name: 'Lovelace', role: 'candidate' });
      const id = result.user.id;
      expect(
        await one(`SELECT role, is_active, email_verified_at, locale, password_hash FROM auth.users WHERE id = $1`, [id]),
      ).toMatchObject({
        role: 'candidate',
        is_active: true,
        email_verified_at: null,
        locale: 'en',
        password_hash: expect.stringMatching(/^\$argon2id\$/),
      });
      expect(await count(`auth.candidates WHERE user_id = $1`, [id])).toBe(1);
      expect(await sessions(id)).toHaveLength(1);
      expect(await count(`auth.verification_tokens WHERE user_id = $1 AND used_at IS NULL`, [id])).toBe(1);
      const [mail] = await mailsTo(req.email, 'email_verification');
      expect(mail.text).toContain(MAIL_LINK_PLACEHOLDER);
      expect(linkIn(mail)).toContain('/verify-email?token=');

      const access = await jwt.verifyAsync<{ sub: string; role: string; type: string }>(result.access_token, {
        secret: jwtConfig.JWT_SECRET,
      });
      expect(access).toMatchObject({ sub: String(id), role: 'candidate', type: 'access' });
      // The verification link works once.
      await expect(users.verifyEmail(tokenIn(mail))).resolves.toMatchObject({ message: expect.any(String) });
      expect((await one(`SELECT email_verified_at FROM auth.users WHERE id = $1`, [id])).email_verified_at).not.toBeNull();
      expect(await code(users.verifyEmail(tokenIn(mail)))).toBe('AUTH.INVALID_TOKEN');
    });

    it('refuses a taken e-mail (any case) and a weak password, storing nothing (an admin sign-up is refused by the contract: validation.spec)', async () => {
      const req = signupRequest({ role: 'employer' });
      await users.signup(req);
      const before = await count(`auth.users`, []);
      expect(await code(users.signup({ ...req, email: req.email.toUpperCase() }))).toBe('AUTH.EMAIL_TAKEN');
      const weak = await users.signup(signupRequest({ password: 'short' })).catch((e: unknown) => e);
      expect(weak).toMatchObject({ code: 'AUTH.WEAK_PASSWORD', details: { missing: expect.arrayContaining([expect.any(String)]) } });
      expect(await count(`auth.users`, [])).toBe(before);
    });

    it('signs in with the right password only; an unknown e-mail fails the same way; an inactive user is refused', async () => {
      const req = signupRequest();
      const { user } = await users.signup(req);
      const signedIn = await users.signin({ email: `  ${req.email.toUpperCase()} `, password });
      expect(signedIn.user.id).toBe(user.id);
      // A second sign-in opens a second family.
      const families = new Set((await sessions(user.id)).map((s) => s.family_id));
      expect(families.size).toBe(2);

      expect(await code(users.signin({ email: req.email, password: `${password}x` }))).toBe('AUTH.INVALID_CREDENTIALS');
      expect(await code(users.signin({ email: 'nobody@example.test', password }))).toBe('AUTH.INVALID_CREDENTIALS');
      await tier.admin.query(`UPDATE auth.users SET is_active = false WHERE id = $1`, [user.id]);
      expect(await code(users.signin({ email: req.email, password }))).toBe('AUTH.INACTIVE_USER');
      expect(await sessions(user.id)).toHaveLength(2);
    });
  });

  describe('refresh tokens', () => {
    it('rotates within the family: each refresh token works once and is replaced by the next', async () => {
      const first = await users.signup(signupRequest());
      const id = first.user.id;
      const second = await tokens.refresh(first.refresh_token, {});
      expect(second.refresh_token).not.toBe(first.refresh_token);
      const third = await tokens.refresh(second.refresh_token, { user_agent: 'jest' });
      const rows = await sessions(id);
      expect(rows).toHaveLength(3);
      expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
      expect(rows.map((r) => [r.used_at !== null, r.revoked_at !== null])).toEqual([
        [true, false],
        [true, false],
        [false, false],
      ]);
      expect(third.access_token).toEqual(expect.any(String));
      expect(await code(tokens.refresh('made-up-token', {}))).toBe('AUTH.INVALID_REFRESH_TOKEN');
    });

    it('a spent token presented again revokes its whole family and the access tokens, not the other sessions', async () => {
      const req = signupRequest();
      const stolen = await users.signup(req);
      const id = stolen.user.id;
      const elsewhere = await users.signin({ email: req.email, password });
      const rotated = await tokens.refresh(stolen.refresh_token, {});
      expect((await one(`SELECT tokens_valid_after FROM auth.users WHERE id = $1`, [id])).tokens_valid_after).toBeNull();

      const reuse = await tokens.refresh(stolen.refresh_token, {}).catch((e: unknown) => e);
      expect(reuse).toBeInstanceOf(DomainError);
      expect(reuse).toMatchObject({ code: 'AUTH.INVALID_REFRESH_TOKEN', i18n: { key: 'error.session.reused' } });

      const all = await sessions(id);
      const family = all.filter((s) => s.family_id === all[0].family_id);
      expect(family.length).toBe(2);
      expect(family.every((s) => s.revoked_at !== null)).toBe(true);
      expect((await one(`SELECT tokens_valid_after FROM auth.users WHERE id = $1`, [id])).tokens_valid_after).not.toBeNull();
      // The rightful owner's newest token of that family is dead too; the other device keeps its session.
      expect(await code(tokens.refresh(rotated.refresh_token, {}))).toBe('AUTH.INVALID_REFRESH_TOKEN');
      await expect(tokens.refresh(elsewhere.refresh_token, {})).resolves.toMatchObject({ token_type: 'bearer' });
    });
  });

  describe('password reset', () => {
    it('a reset token works once: new password in, old one out, every session revoked', async () => {
      const req = signupRequest();
      const { user, refresh_token } = await users.signup(req);
      await users.forgotPassword(req.email);
      const [mail] = await mailsTo(req.email, 'password_reset');
      const token = tokenIn(mail);

      // A weak password is refused before the token is spent.
      expect(await code(users.resetPassword(token, 'weak'))).toBe('AUTH.WEAK_PASSWORD');
      await expect(users.resetPassword(token, 'Another-pass-7')).resolves.toMatchObject({ message: expect.any(String) });
      expect(await count(`auth.password_reset_tokens WHERE user_id = $1 AND used_at IS NULL`, [user.id])).toBe(0);
      expect((await sessions(user.id)).every((s) => s.revoked_at !== null)).toBe(true);
      expect(await code(tokens.refresh(refresh_token, {}))).toBe('AUTH.INVALID_REFRESH_TOKEN');
      expect(await code(users.signin({ email: req.email, password }))).toBe('AUTH.INVALID_CREDENTIALS');
      await expect(users.signin({ email: req.email, password: 'Another-pass-7' })).resolves.toMatchObject({ user: { id: user.id } });

      const again = await users.resetPassword(token, 'Third-pass-77').catch((e: unknown) => e);
      expect(again).toMatchObject({ code: 'AUTH.INVALID_TOKEN', i18n: { key: 'error.token.reset' } });
    });

    it('an expired token, or one replaced by a newer request, is refused; an unknown address gets the same answer and no e-mail', async () => {
      const req = signupRequest();
      const { user } = await users.signup(req);
      await users.forgotPassword(req.email);
      await users.forgotPassword(req.email);
      const [older, newer] = (await mailsTo(req.email, 'password_reset')).map(tokenIn);
      expect(await code(users.resetPassword(older, 'Another-pass-7'))).toBe('AUTH.INVALID_TOKEN');

      await tier.admin.query(
        `UPDATE auth.password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`,
        [user.id],
      );
      expect(await code(users.resetPassword(newer, 'Another-pass-7'))).toBe('AUTH.INVALID_TOKEN');
      await expect(users.signin({ email: req.email, password })).resolves.toMatchObject({ user: { id: user.id } });

      const known = await users.forgotPassword(req.email);
      await expect(users.forgotPassword('nobody@example.test')).resolves.toEqual(known);
      expect(await mailsTo('nobody@example.test', 'password_reset')).toEqual([]);
    });
  });
});
