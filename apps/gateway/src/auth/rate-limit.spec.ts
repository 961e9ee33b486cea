import 'reflect-metadata';
import { ExecutionContext } from '@nestjs/common';
import { loadConfig } from '@app/common';
import { GatewayConfig } from '../gateway.config';
import { RateLimit, rateLimitOptions } from './rate-limit';

function contextOf(handler: () => void): ExecutionContext {
  return { getHandler: () => handler } as unknown as ExecutionContext;
}

describe('rate limits', () => {
  it("default to the contract's limits and read <requests>/<seconds> from the environment", () => {
    const defaults = loadConfig(GatewayConfig, {});
    expect(['signup', 'signin', 'refresh', 'forgot', 'reset'].map((n) => defaults.rateLimit(n as 'signup'))).toEqual([
      { limit: 3, ttl: 3_600_000 },
      { limit: 5, ttl: 900_000 },
      { limit: 10, ttl: 60_000 },
      { limit: 3, ttl: 3_600_000 },
      { limit: 5, ttl: 900_000 },
    ]);
    expect(loadConfig(GatewayConfig, { RATE_LIMIT_SIGNIN: '20/60' }).rateLimit('signin')).toEqual({ limit: 20, ttl: 60_000 });
    expect(() => loadConfig(GatewayConfig, { RATE_LIMIT_SIGNIN: '20 per minute' })).toThrow(/RATE_LIMIT_SIGNIN/);
    expect(() => loadConfig(GatewayConfig, { RATE_LIMIT_RESET: '0/60' })).toThrow(/RATE_LIMIT_RESET/);
  });

  it('apply each named limit only to the routes marked with it', () => {
    class Routes {
      @RateLimit('signin') signin() {}
      @RateLimit('forgot') forgot() {}
      me() {}
    }
    const options = rateLimitOptions(loadConfig(GatewayConfig, {}));
    const throttlers = Array.isArray(options) ? options : options.throttlers;
    const active = (handler: () => void) => throttlers.filter((t) => !t.skipIf!(contextOf(handler))).map((t) => t.name);
    expect(active(Routes.prototype.signin)).toEqual(['signin']);
    expect(active(Routes.prototype.forgot)).toEqual(['forgot']);
    expect(active(Routes.prototype.me)).toEqual([]);
  });
});
