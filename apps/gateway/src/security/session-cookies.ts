import { Injectable } from '@nestjs/common';
import { DomainError, JwtConfig } from '@app/common';
import { AUTH_ERRORS } from '@app/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { GatewayConfig } from '../gateway.config';

export const ACCESS_COOKIE = 'intowork_access';
const CSRF_COOKIE = 'intowork_csrf';
const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing: a cookie may authenticate them without the CSRF header. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The optional cookie session of api.md: on sign-in (and refresh) the access token also goes into an
 * HttpOnly cookie, so a browser client need not keep it in script-readable storage, and EventSource
 * can open the notification stream. Cookies travel on their own, so a cookie-authenticated write must
 * prove it comes from the client's own page: the double-submit token, a random value in a readable
 * cookie that the page echoes in `X-CSRF-Token` (a page of another site can neither read the cookie nor
 * set the header). A Bearer header needs none of this and wins when both are sent.
 */
@Injectable()
export class SessionCookies {
  constructor(
    private readonly config: GatewayConfig,
    private readonly jwt: JwtConfig,
  ) {}

  private get enabled(): boolean {
    return this.config.AUTH_COOKIES === 'true';
  }

  private options(path: string, httpOnly: boolean, maxAgeMs?: number): CookieOptions {
    return {
      path,
      httpOnly,
      // Browsers drop Secure cookies on plain http (but for localhost): set it wherever TLS is in front,
      // and always with SameSite=None, which browsers accept only on Secure cookies.
      secure: this.config.isProduction || this.config.trustProxy !== false || this.config.AUTH_COOKIE_SAMESITE === 'none',
      sameSite: this.config.AUTH_COOKIE_SAMESITE,
      ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
    };
  }

  /** After a sign-in or refresh: the access token (HttpOnly, for /api) and a fresh CSRF token (readable). */
  issue(res: Response, accessToken: string): void {
    if (!this.enabled) return;
    const ttl = this.jwt.ACCESS_TOKEN_TTL_S * 1000;
    res.cookie(ACCESS_COOKIE, accessToken, this.options('/api', true, ttl));
    res.cookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), this.options('/', false, ttl));
  }

  /** On sign-out: both cookies go. */
  clear(res: Response): void {
    if (!this.enabled) return;
    res.clearCookie(ACCESS_COOKIE, this.options('/api', true));
    res.clearCookie(CSRF_COOKIE, this.options('/', false));
  }

  /**
   * The access token a request carries in its cookie, if any. A write (not GET/HEAD/OPTIONS) so
   * authenticated must carry the CSRF cookie's value in X-CSRF-Token, else 403 AUTH.CSRF_FAILED.
   */
  accessToken(req: Request): string | undefined {
    if (!this.enabled) return undefined;
    const cookies = (req.cookies ?? {}) as Record<string, unknown>;
    const token = cookies[ACCESS_COOKIE];
    if (typeof token !== 'string' || !token) return undefined;
    if (!SAFE_METHODS.has(req.method) && !this.csrfMatches(cookies[CSRF_COOKIE], req.header(CSRF_HEADER))) {
      throw new DomainError(AUTH_ERRORS.CSRF_FAILED);
    }
    return token;
  }

  private csrfMatches(cookie: unknown, header: string | undefined): boolean {
    if (typeof cookie !== 'string' || !cookie || !header) return false;
    const a = Buffer.from(cookie);
    const b = Buffer.from(header);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
