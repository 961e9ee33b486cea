import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { BaseConfig, RequiredSecret } from '@app/common';
import { parseTrustProxy, TrustProxy, TrustProxyValue } from './http/trust-proxy';
import { GATEWAY_METRICS_PORT } from '@app/contracts';

const RATE = /^[1-9]\d*\/[1-9]\d*$/;
const RATE_MESSAGE = 'must be <requests>/<seconds>, e.g. 5/900';

export class GatewayConfig extends BaseConfig {
  /** Comma-separated origins allowed by CORS (empty: none; the web client calls from its own origin). */
  @IsString()
  CORS_ORIGINS = 'http://localhost:3000';

  /**
   * Behind TLS-terminating proxies: how many there are (e.g. 1), or their addresses/CIDRs; client IPs then
   * come from X-Forwarded-For (as far as those proxies vouch for it), and cookies are Secure. `false`: none.
   * `true` is refused (parseTrustProxy says why).
   */
  @Validate(TrustProxyValue)
  TRUST_PROXY = 'false';

  /** Also set the access token as an HttpOnly cookie on sign-in, with a CSRF token (SessionCookies). */
  @IsIn(['true', 'false'])
  AUTH_COOKIES: 'true' | 'false' = 'true';

  /** SameSite of those cookies: lax when the web client is on the same site as the API, none across sites (needs TLS). */
  @IsIn(['lax', 'strict', 'none'])
  AUTH_COOKIE_SAMESITE: 'lax' | 'strict' | 'none' = 'lax';

  /** Largest JSON body accepted (CV uploads have their own limit). */
  @Matches(/^\d+(kb|mb)$/)
  JSON_BODY_LIMIT = '1mb';

  /** Rate limits per client IP, `<requests>/<seconds>` (api.md defaults). */
  @Matches(RATE, { message: RATE_MESSAGE })
  RATE_LIMIT_SIGNUP = '3/3600';
  @Matches(RATE, { message: RATE_MESSAGE })
  RATE_LIMIT_SIGNIN = '5/900';
  @Matches(RATE, { message: RATE_MESSAGE })
  RATE_LIMIT_REFRESH = '10/60';
  @Matches(RATE, { message: RATE_MESSAGE })
  RATE_LIMIT_FORGOT = '3/3600';
  @Matches(RATE, { message: RATE_MESSAGE })
  RATE_LIMIT_RESET = '5/900';
  /** change-password and change-email together, per signed-in user (each try costs an argon2 verification). */
  @Matches(RATE, { message: RATE_MESSAGE })
  RATE_LIMIT_ACCOUNT = '5/900';

  /**
   * Shared secret the web client's server sends as `X-OAuth-Client-Secret` on POST /api/auth/oauth/signin
   * (that route trusts the provider identity it is given). Required in every NODE_ENV: without it the
   * gateway does not start, so the route is never open.
   */
  @Validate(RequiredSecret, [32])
  OAUTH_SIGNIN_SECRET!: string;

  /**
   * How long the gateway may serve an anonymous job list or the public figures from memory
   * (PublicCache): the bound of their staleness. 0 turns the cache off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  PUBLIC_CACHE_TTL_MS = 2000;

  /** Most answers the public cache holds, and most bytes (their JSON); least recently used first out. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000000)
  PUBLIC_CACHE_MAX_ENTRIES = 1000;
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1073741824)
  PUBLIC_CACHE_MAX_BYTES = 8 * 1024 * 1024;

  /**
   * How long an idle keep-alive connection stays open. Behind a load balancer, set it above the
   * balancer's idle timeout (e.g. 65000 for a 60 s one), or the balancer may reuse a socket the gateway is closing.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;

  /**
   * Where GET /metrics is served: a listener of its own, never the public port (which answers 404).
   * Loopback by default; 0.0.0.0 only on a network the public cannot reach (compose's internal one).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT: number = GATEWAY_METRICS_PORT;
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** Live notification streams (SSE) one user may hold open on one gateway; one more is refused 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  NOTIFICATION_STREAMS_PER_USER = 5;

  /**
   * How often open streams re-check their user's status (through the gateway's user-status cache, itself
   * up to 3 s old): a stream ends within about this + 3 s of its user's deactivation, deletion, password
   * change or sign-out everywhere.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  NOTIFICATION_STREAM_CHECK_MS = 2000;

  /** A rate limit as {limit, ttl in ms}. */
  rateLimit(name: 'signup' | 'signin' | 'refresh' | 'forgot' | 'reset' | 'account'): { limit: number; ttl: number } {
    const [limit, seconds] = this[`RATE_LIMIT_${name.toUpperCase()}` as 'RATE_LIMIT_SIGNUP'].split('/').map(Number);
    return { limit, ttl: seconds * 1000 };
  }

  /** TRUST_PROXY as Express's 'trust proxy' setting (false: none). */
  get trustProxy(): TrustProxy {
    const parsed = parseTrustProxy(this.TRUST_PROXY);
    return 'trust' in parsed ? parsed.trust : false;
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }
}
