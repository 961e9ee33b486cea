import { Injectable } from '@nestjs/common';
import { DomainError, Outbox } from '@app/common';
import {
  AUTH_ERRORS,
  ChangeEmailRequest,
  ChangePasswordRequest,
  MeResponse,
  MessageResponse,
  msg,
  OAuthSigninRequest,
  okMessage,
  SigninRequest,
  SignInResult,
  SignupRequest,
  UpdateMeRequest,
  USER_DELETED,
  UserStatusResponse,
  UserSummary,
} from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuthConfig } from '../auth.config';
import { PasswordsService } from '../security/passwords.service';
import { randomToken, sha256Hex, TokenCipher } from '../security/secrets';
import { AccountsRepository } from './accounts.repository';
import { MailComposer } from './mail.composer';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { TokensService } from './tokens.service';
import { UserRow, UsersRepository } from './users.repository';

const invalidResetToken = () => new DomainError(AUTH_ERRORS.INVALID_TOKEN, msg('error.token.reset'));

@Injectable()
export class UsersService {
  private readonly cipher: TokenCipher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly oneTime: OneTimeTokensRepository,
    private readonly passwords: PasswordsService,
    private readonly tokens: TokensService,
    private readonly mail: MailComposer,
    private readonly outbox: Outbox,
    private readonly config: AuthConfig,
  ) {
    this.cipher = new TokenCipher(config.oauthKeys, config.oauthKeyId);
  }

  private signedIn(user: UserRow, tokens: { access_token: string; refresh_token: string }): SignInResult {
    return {
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      token_type: 'bearer',
      user: { id: user.id, email: user.email, first_name: user.first_name, last_name: user.last_name, role: user.role, image: user.image },
    };
  }

  private async issueVerification(manager: EntityManager, user: Pick<UserRow, 'id' | 'email' | 'locale'>): Promise<void> {
    const token = randomToken();
    await this.oneTime.issueVerification(manager, user.id, user.email, sha256Hex(token), this.config.ONE_TIME_TOKEN_TTL_S);
    await this.mail.verification(manager, user.email, token, user.locale);
  }

  /** An admin cannot sign up: the contract's role is candidate or employer (SIGNUP_ROLES). */
  async signup(req: SignupRequest): Promise<SignInResult> {
    this.passwords.assertPolicy(req.password);
    const hash = await this.passwords.hash(req.password);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.insert(manager, {
        email: req.email,
        password_hash: hash,
        first_name: req.first_name.trim(),
        last_name: req.last_name.trim(),
        role: req.role,
        locale: req.locale,
      });
      if (!user) throw new DomainError(AUTH_ERRORS.EMAIL_TAKEN);
      await this.users.createProfile(manager, user.id, user.role);
      await this.issueVerification(manager, user);
      return this.signedIn(user, await this.tokens.issue(manager, user, req));
    });
  }

  async signin(req: SigninRequest): Promise<SignInResult> {
    const user = await this.users.findByEmail(req.email.trim());
    // Unknown e-mail: verify against a dummy hash anyway, so both failures take as long.
    const ok = await this.passwords.verify(user?.password_hash, req.password);
    if (!user || !ok) throw new DomainError(AUTH_ERRORS.INVALID_CREDENTIALS);
    if (!user.is_active) throw new DomainError(AUTH_ERRORS.INACTIVE_USER);
    return this.dataSource.transaction(async (manager) => this.signedIn(user, await this.tokens.issue(manager, user, req)));
  }

  /**
   * The provider has vouched for the e-mail: find the link, or link an existing user, or create one.
   * An existing account is linked only when its e-mail is verified: otherwise whoever signed up with
   * that address first (without owning it) would share the account with its real owner (pre-hijacking).
   * An admin account never signs in through a provider, linked or not.
   */
  async oauthSignin(req: OAuthSigninRequest): Promise<SignInResult> {
    return this.dataSource.transaction(async (manager) => {
      let user: UserRow | undefined;
      const linkedId = await this.accounts.findUserId(manager, req.provider, req.provider_account_id);
      if (linkedId) user = await this.users.findById(linkedId, manager);
      if (!user) {
        user = await this.users.findByEmail(req.email, manager);
        if (user && user.role !== 'admin' && user.email_verified_at === null) {
          throw new DomainError(
            AUTH_ERRORS.OAUTH_EMAIL_NOT_VERIFIED,
            'An account with this e-mail exists but its address is not verified: verify it (or sign in with the password) before signing in with a provider',
          );
        }
      }
      if (user?.role === 'admin') {
        throw new DomainError(AUTH_ERRORS.OAUTH_ADMIN_NOT_ALLOWED, 'Admin accounts sign in with their password only');
      }
      if (!user) {
        user = await this.users.insert(manager, {
          email: req.email,
          password_hash: null,
          first_name: req.first_name ?? '',
          last_name: req.last_name ?? '',
          role: 'candidate',
          image: req.image ?? null,
          verified: true,
          locale: req.locale,
        });
        if (!user) throw new DomainError(AUTH_ERRORS.EMAIL_TAKEN);
        await this.users.createProfile(manager, user.id, user.role);
      } else {
        await this.users.updateFromProvider(manager, user.id, req);
      }
      if (!user.is_active) throw new DomainError(AUTH_ERRORS.INACTIVE_USER);
      // The provider account id is bound into the ciphertext: a sealed token cannot be moved to another row.
      const aad = `${req.provider}:${req.provider_account_id}`;
      const access = req.access_token ? this.cipher.seal(req.access_token, aad) : undefined;
      const refresh = req.refresh_token ? this.cipher.seal(req.refresh_token, aad) : undefined;
      await this.accounts.upsert(manager, {
        user_id: user.id,
        provider: req.provider,
        provider_account_id: req.provider_account_id,
        access,
        refresh,
        key_id: access?.key_id ?? refresh?.key_id ?? null,
        expires_at: req.expires_at ? new Date(req.expires_at * 1000) : null,
      });
      const fresh = (await this.users.findById(user.id, manager))!;
      return this.signedIn(fresh, await this.tokens.issue(manager, fresh, req));
    });
  }

  async me(userId: number): Promise<MeResponse> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError(AUTH_ERRORS.NOT_FOUND);
    return {
      id: user.id,
      email: user.email,
      first_name: user.first_name,
      last_name: user.last_name,
      name: `${user.first_name} ${user.last_name}`.trim(),
      role: user.role,
      image: user.image,
      is_active: user.is_active,
      email_verified: user.email_verified_at !== null,
      locale: user.locale,
    };
  }

  /** The user's own settings; only the fields given change. */
  async updateMe(req: UpdateMeRequest): Promise<MeResponse> {
    if (req.locale !== undefined && !(await this.users.setLocale(this.dataSource.manager, req.user_id, req.locale))) {
      throw new DomainError(AUTH_ERRORS.NOT_FOUND);
    }
    return this.me(req.user_id);
  }

  async changePassword(req: ChangePasswordRequest): Promise<MessageResponse> {
    const user = await this.users.findById(req.user_id);
    if (!user) throw new DomainError(AUTH_ERRORS.NOT_FOUND);
    if (!(await this.passwords.verify(user.password_hash, req.current_password))) {
      throw new DomainError(AUTH_ERRORS.WRONG_PASSWORD);
    }
    this.passwords.assertPolicy(req.new_password);
    const hash = await this.passwords.hash(req.new_password);
    await this.dataSource.transaction(async (manager) => {
      await this.users.setPassword(manager, user.id, hash);
      // Every device signs in again with the new password.
      await this.sessions.revokeAllOfUser(manager, user.id);
    });
    return okMessage('ok.password_changed');
  }

  async changeEmail(req: ChangeEmailRequest): Promise<MessageResponse & { new_email: string }> {
    const user = await this.users.findById(req.user_id);
    if (!user) throw new DomainError(AUTH_ERRORS.NOT_FOUND);
    if (!(await this.passwords.verify(user.password_hash, req.password))) {
      throw new DomainError(AUTH_ERRORS.WRONG_PASSWORD, msg('error.password.incorrect'));
    }
    const newEmail = req.new_email.trim().toLowerCase();
    if (newEmail === user.email) return { ...okMessage('ok.email_unchanged'), new_email: newEmail };
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.setEmail(manager, user.id, newEmail))) {
        throw new DomainError(AUTH_ERRORS.EMAIL_TAKEN);
      }
      await this.mail.emailChanged(manager, user.email, newEmail, user.locale);
      await this.issueVerification(manager, { id: user.id, email: newEmail, locale: user.locale });
    });
    return { ...okMessage('ok.email_changed'), new_email: newEmail };
  }

  /** Revokes every session and every access token issued so far. */
  async signoutEverywhere(userId: number): Promise<{ revoked: boolean }> {
    await this.dataSource.transaction(async (manager) => {
      await this.users.revokeTokens(manager, userId);
      await this.sessions.revokeAllOfUser(manager, userId);
    });
    return { revoked: true };
  }

  async deleteAccount(userId: number): Promise<MessageResponse> {
    await this.dataSource.transaction(async (manager) => {
      const deleted = await this.users.delete(manager, userId);
      if (!deleted) throw new DomainError(AUTH_ERRORS.NOT_FOUND);
      await this.outbox.enqueue(manager, USER_DELETED, { user_id: userId, role: deleted.role });
    });
    return okMessage('ok.account_deleted');
  }

  /** Always the same answer: whether the address has an account is not told. */
  async forgotPassword(email: string): Promise<MessageResponse> {
    const user = await this.users.findByEmail(email.trim());
    if (user && user.is_active) {
      const token = randomToken();
      await this.dataSource.transaction(async (manager) => {
        await this.oneTime.issueReset(manager, user.id, sha256Hex(token), this.config.ONE_TIME_TOKEN_TTL_S);
        await this.mail.passwordReset(manager, user.email, token, user.locale);
      });
    }
    return okMessage('ok.forgot_password');
  }

  /**
   * The token is checked before the new password is hashed: a made-up token costs one indexed read,
   * not an argon2 hash. It is spent afterwards by a conditional UPDATE, so a token used meanwhile by a
   * concurrent reset still fails.
   */
  async resetPassword(token: string, newPassword: string): Promise<MessageResponse> {
    const tokenHash = sha256Hex(token);
    if (!(await this.oneTime.isResetValid(this.dataSource.manager, tokenHash))) throw invalidResetToken();
    this.passwords.assertPolicy(newPassword);
    const hash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.oneTime.consumeReset(manager, tokenHash);
      if (!userId) throw invalidResetToken();
      await this.users.setPassword(manager, userId, hash);
      await this.sessions.revokeAllOfUser(manager, userId);
    });
    return okMessage('ok.password_reset');
  }

  async verifyEmail(token: string): Promise<MessageResponse> {
    await this.dataSource.transaction(async (manager) => {
      const spent = await this.oneTime.consumeVerification(manager, sha256Hex(token));
      // A token for an address the user has since changed away from verifies nothing.
      if (!spent || !(await this.users.markVerified(manager, spent.user_id, spent.identifier))) {
        throw new DomainError(AUTH_ERRORS.INVALID_TOKEN, msg('error.token.verification'));
      }
    });
    return okMessage('ok.email_verified');
  }

  async status(userId: number): Promise<UserStatusResponse> {
    const user = await this.users.findById(userId);
    if (!user) return { exists: false, is_active: false, role: null, tokens_valid_after: null };
    return {
      exists: true,
      is_active: user.is_active,
      role: user.role,
      tokens_valid_after: user.tokens_valid_after?.toISOString() ?? null,
      locale: user.locale,
    };
  }

  async getMany(ids: number[]): Promise<{ users: UserSummary[] }> {
    if (ids.length === 0) return { users: [] };
    return { users: await this.users.getMany([...new Set(ids)]) };
  }
}
