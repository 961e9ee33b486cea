import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, JwtConfig } from '@app/common';
import { AUTH_ERRORS, AuthTokens, msg } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthConfig } from '../auth.config';
import { hmacHex, randomToken } from '../security/secrets';
import { SessionsRepository } from './sessions.repository';
import { UserRow, UsersRepository } from './users.repository';

export interface ClientInfo {
  ip?: string;
  user_agent?: string;
}

/**
 * Access tokens (HS256 JWT, verified by the gateway) and refresh tokens (opaque, single use,
 * rotated within a family; a replayed spent token revokes its whole family).
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly jwtConfig: JwtConfig,
    private readonly config: AuthConfig,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly dataSource: DataSource,
  ) {}

  hashRefresh(token: string): string {
    return hmacHex(this.config.REFRESH_TOKEN_HASH_KEY, token);
  }

  /** Opens a new family (sign-in) or continues one (refresh), inside the caller's transaction. */
  async issue(
    manager: EntityManager,
    user: Pick<UserRow, 'id' | 'email' | 'role'> & Partial<Pick<UserRow, 'tokens_valid_after'>>,
    client: ClientInfo,
    familyId: string = randomUUID(),
  ): Promise<AuthTokens> {
    const refresh = randomToken();
    await this.sessions.insert(manager, {
      family_id: familyId,
      user_id: user.id,
      token_hash: this.hashRefresh(refresh),
      ttl_s: this.jwtConfig.REFRESH_TOKEN_TTL_S,
      ip: client.ip,
      user_agent: client.user_agent,
    });
    // iat counts whole seconds; the gateway refuses a token whose iat is before the user's last
    // revocation (password change, sign-out everywhere). A token issued after a revocation in the same
    // second gets the next second as iat, so the gateway can compare strictly: an older token of that
    // second is refused, a newer one accepted.
    const revokedAt = user.tokens_valid_after?.getTime();
    const iat = Math.max(Math.floor(Date.now() / 1000), revokedAt === undefined ? 0 : Math.ceil(revokedAt / 1000));
    const access = await this.jwt.signAsync(
      { sub: String(user.id), email: user.email, role: user.role, type: 'access', iat },
      { secret: this.jwtConfig.JWT_SECRET, algorithm: 'HS256', expiresIn: this.jwtConfig.ACCESS_TOKEN_TTL_S },
    );
    return { access_token: access, refresh_token: refresh, token_type: 'bearer' };
  }

  async refresh(token: string, client: ClientInfo): Promise<AuthTokens> {
    const hash = this.hashRefresh(token);
    let reused = false;
    const result = await this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.findForUpdate(manager, hash);
      if (!session || session.revoked_at || session.expires.getTime() <= Date.now()) return undefined;
      if (session.used_at) {
        // A spent token presented again: stolen or replayed. Cut the whole family, and every access
        // token of the user issued so far (the thief's included: tokens_valid_after, checked by the
        // gateway), then refuse. The user's other sessions keep their refresh tokens.
        await this.sessions.revokeFamily(manager, session.family_id);
        await this.users.revokeTokens(manager, session.user_id);
        reused = true;
        return undefined;
      }
      const user = await this.users.findById(session.user_id, manager);
      if (!user) return undefined;
      if (!user.is_active) throw new DomainError(AUTH_ERRORS.INACTIVE_USER);
      await this.sessions.markUsed(manager, session.id);
      return this.issue(manager, user, client, session.family_id);
    });
    if (!result) throw new DomainError(AUTH_ERRORS.INVALID_REFRESH_TOKEN, reused ? msg('error.session.reused') : undefined);
    return result;
  }

  /** Revokes the family of the token; unknown tokens are ignored (sign-out is idempotent). */
  async signout(token: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.findForUpdate(manager, this.hashRefresh(token));
      if (!session) return false;
      await this.sessions.revokeFamily(manager, session.family_id);
      return true;
    });
  }
}
