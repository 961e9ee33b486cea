import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { DomainError } from '@app/common';
import { ThrottlerGuard, ThrottlerModuleOptions } from '@nestjs/throttler';
import { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { COMMON_ERRORS } from '@app/contracts';
import type { Response } from 'express';
import { NatsConnectionService } from '@app/common';
import { GatewayConfig } from '../gateway.config';
import { NatsKvThrottlerStorage } from './nats-kv-throttler.storage';
import type { AuthUser } from '../security';

export type RateLimitName = 'signup' | 'signin' | 'refresh' | 'forgot' | 'reset' | 'account';
const RATE_LIMITS: RateLimitName[] = ['signup', 'signin', 'refresh', 'forgot', 'reset', 'account'];
/** Limits counted per signed-in user rather than per IP (the routes that check the current password). */
const PER_USER: RateLimitName[] = ['account'];
const RATE_LIMIT_KEY = 'intowork:rate-limit';

/**
 * This route counts against the named limit (GatewayConfig RATE_LIMIT_*), per IP, or per signed-in
 * user for `account` (one budget shared by its routes). Needs RateLimitGuard.
 */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT_KEY, name);

/**
 * One named throttler per limit; each applies only to the routes marked with its name. The counters
 * live in NATS (NatsKvThrottlerStorage), shared by every gateway replica; without `nats` (unit tests),
 * in this process's memory.
 */
export function rateLimitOptions(config: GatewayConfig, nats?: NatsConnectionService): ThrottlerModuleOptions {
  const maxTtlMs = Math.max(...RATE_LIMITS.map((name) => config.rateLimit(name).ttl));
  return {
    setHeaders: false,
    ...(nats ? { storage: new NatsKvThrottlerStorage(() => nats.liveConnection, { maxTtlMs, replicas: nats.eventStreamReplicas }) } : {}),
    throttlers: RATE_LIMITS.map((name) => ({
      name,
      ...config.rateLimit(name),
      skipIf: (context: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) !== name,
      // The global JwtAuthGuard has run before this controller guard, so the user is known.
      ...(PER_USER.includes(name)
        ? {
            getTracker: (req: Record<string, any>) => `user:${(req.user as AuthUser | undefined)?.id ?? `ip:${req.ip}`}`,
            generateKey: (_context: ExecutionContext, tracker: string, throttler: string) => `${throttler}:${tracker}`,
          }
        : {}),
    })),
  };
}

/** The contract's 429: `{detail, code: "RATE_LIMITED"}` with `Retry-After` in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    return Promise.reject(new DomainError(COMMON_ERRORS.RATE_LIMITED));
  }
}
