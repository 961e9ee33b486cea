import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { DomainError } from '@app/common';
import { ThrottlerGuard, ThrottlerModuleOptions } from '@nestjs/throttler';
import { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { COMMON_ERRORS } from '@app/contracts';
import type { Response } from 'express';
import { GatewayConfig } from '../gateway.config';

export type RateLimitName = 'signup' | 'signin' | 'refresh' | 'forgot' | 'reset';
const RATE_LIMITS: RateLimitName[] = ['signup', 'signin', 'refresh', 'forgot', 'reset'];
const RATE_LIMIT_KEY = 'intowork:rate-limit';

/** This route counts against the named per-IP limit (GatewayConfig RATE_LIMIT_*). Needs RateLimitGuard. */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT_KEY, name);

/** One named throttler per limit; each applies only to the routes marked with its name. */
export function rateLimitOptions(config: GatewayConfig): ThrottlerModuleOptions {
  return {
    setHeaders: false,
    throttlers: RATE_LIMITS.map((name) => ({
      name,
      ...config.rateLimit(name),
      skipIf: (context: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) !== name,
    })),
  };
}

/** The contract's 429: `{detail, code: "RATE_LIMITED"}` with `Retry-After` in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new DomainError(COMMON_ERRORS.RATE_LIMITED);
  }
}
