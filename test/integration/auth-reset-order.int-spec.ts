import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { JwtConfig, loadConfig, Outbox } from '@app/common';
import { createTestDatabase, dataSourceOptions, TestDatabase } from '@app/db';
import { DataSource } from 'typeorm';
import { AuthConfig } from '../../apps/auth/src/auth.config';
import { PasswordsService } from '../../apps/auth/src/security/passwords.service';
import { randomToken, sha256Hex } from '../../apps/auth/src/security/secrets';
import { AccountsRepository } from '../../apps/auth/src/users/accounts.repository';
import { MailComposer } from '../../apps/auth/src/users/mail.composer';
import { OneTimeTokensRepository } from '../../apps/auth/src/users/one-time-tokens.repository';
import { SessionsRepository } from '../../apps/auth/src/users/sessions.repository';
import { TokensService } from '../../apps/auth/src/users/tokens.service';
import { UsersRepository } from '../../apps/auth/src/users/users.repository';
import { UsersService } from '../../apps/auth/src/users/users.service';
import { generateSecrets } from '../../tools/lib/secrets';

/** The real argon2 hashing, counted. */
class CountingPasswords extends PasswordsService {
  hashes = 0;
  override hash(password: string): Promise<string> {
    this.hashes += 1;
    return super.hash(password);
  }
}

/**
 * POST /reset-password checks its token before it hashes the new password (issue #11): a made-up
 * token must not cost an argon2 hash. The auth service's UsersService on a real test database.
 */
describe('password reset: the token is checked before the new password is hashed', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: UsersService;
  let passwords: CountingPasswords;
  let oneTime: OneTimeTokensRepository;
  let userId: number;

  beforeAll(async () => {
    db = await createTestDatabase('auth_reset_order');
    dataSource = await new DataSource(dataSourceOptions('auth', db.config)).initialize();
    const secrets = generateSecrets();
    const env = { ...secrets, NATS_USER: 'auth', NATS_PASSWORD: secrets.AUTH_NATS_PASSWORD };
    const config = loadConfig(AuthConfig, env);
    const jwtConfig = loadConfig(JwtConfig, env);
    const users = new UsersRepository(dataSource);
    const sessions = new SessionsRepository();
    oneTime = new OneTimeTokensRepository();
    passwords = new CountingPasswords();
    const outbox = new Outbox('auth');
    const tokens = new TokensService(new JwtService(), jwtConfig, config, sessions, users, dataSource);
    service = new UsersService(
      dataSource,
      users,
      new AccountsRepository(),
      sessions,
      oneTime,
      passwords,
      tokens,
      new MailComposer(outbox, config),
      outbox,
      config,
    );
    const rows: { id: number }[] = await dataSource.query(
      `INSERT INTO auth.users (email, first_name, last_name, role) VALUES ('reset@example.test', 'R', 'S', 'candidate') RETURNING id`,
    );
    userId = rows[0].id;
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('answers AUTH.INVALID_TOKEN for an unknown, spent or expired token without hashing', async () => {
    await expect(service.resetPassword('made-up-token', 'Str0ng!Passw0rd')).rejects.toMatchObject({
      error: { code: 'AUTH.INVALID_TOKEN' },
    });
    expect(passwords.hashes).toBe(0);

    const expired = randomToken();
    await dataSource.transaction((m) => oneTime.issueReset(m, userId, sha256Hex(expired), 300));
    await dataSource.query(`UPDATE auth.password_reset_tokens SET expires_at = now() - interval '1 second' WHERE token = $1`, [
      sha256Hex(expired),
    ]);
    await expect(service.resetPassword(expired, 'Str0ng!Passw0rd')).rejects.toMatchObject({ error: { code: 'AUTH.INVALID_TOKEN' } });
    expect(passwords.hashes).toBe(0);
  });

  it('hashes once for a valid token, which is then spent (a second try is refused without hashing)', async () => {
    const token = randomToken();
    await dataSource.transaction((m) => oneTime.issueReset(m, userId, sha256Hex(token), 300));
    // A weak password is refused before the hash too, and leaves the token unspent.
    await expect(service.resetPassword(token, 'weak')).rejects.toMatchObject({ error: { code: 'AUTH.WEAK_PASSWORD' } });
    expect(passwords.hashes).toBe(0);
    await expect(service.resetPassword(token, 'Str0ng!Passw0rd')).resolves.toEqual({
      message: expect.any(String),
      message_key: 'ok.password_reset',
    });
    expect(passwords.hashes).toBe(1);
    await expect(service.resetPassword(token, 'Str0ng!Passw0rd2')).rejects.toMatchObject({ error: { code: 'AUTH.INVALID_TOKEN' } });
    expect(passwords.hashes).toBe(1);
  });
});
