import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '@app/common';
import { AUTH_ERRORS, COMMON_ERRORS, DEFAULT_LOCALE, Msg, msg } from '@app/contracts';
import { AccessClaims, AuthUser } from './auth-user';
import { AUTH_OPTIONAL, AuthenticatedRequest, IS_PUBLIC } from './decorators';
import { SessionCookies } from './session-cookies';
import { tokenRevoked, UserStatusCache } from './user-status.cache';

function unauthorized(message?: Msg): DomainError {
  return new DomainError(COMMON_ERRORS.UNAUTHORIZED, message);
}

/**
 * Secure by default: every route needs a valid access token (Bearer header, or the session cookie
 * with its CSRF check: SessionCookies) unless it is @Public.
 * The token's user must still exist and be active (asked of the auth service, cached for seconds),
 * so deactivation, deletion and password changes cut tokens off long before they expire.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly statuses: UserStatusCache,
    private readonly cookies: SessionCookies,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const optional = this.reflector.getAllAndOverride<boolean>(AUTH_OPTIONAL, targets);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = this.bearerToken(req) ?? this.cookies.accessToken(req);
    if (!token) {
      if (optional) return true;
      throw unauthorized();
    }
    req.user = await this.verify(token);
    return true;
  }

  private bearerToken(req: AuthenticatedRequest): string | undefined {
    const header = req.header('authorization');
    if (!header) return undefined;
    const [scheme, value] = header.split(' ');
    return scheme?.toLowerCase() === 'bearer' && value ? value : undefined;
  }

  private async verify(token: string): Promise<AuthUser> {
    let claims: AccessClaims;
    try {
      // HS256 is a synchronous HMAC: verifyAsync only adds a callback and a promise around it.
      claims = this.jwt.verify<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw unauthorized(msg('error.token.invalid_access'));
    }
    const id = Number(claims.sub);
    if (claims.type !== 'access' || !Number.isInteger(id)) throw unauthorized(msg('error.token.invalid_access'));
    const status = await this.statuses.get(id);
    if (!status.exists) throw unauthorized(msg('error.token.invalid_access'));
    if (tokenRevoked(status, claims.iat)) throw unauthorized(msg('error.token.revoked'));
    if (!status.is_active) {
      throw new DomainError(AUTH_ERRORS.INACTIVE_USER);
    }
    return { id, email: claims.email, role: status.role ?? claims.role, iat: claims.iat, locale: status.locale ?? DEFAULT_LOCALE };
  }
}
