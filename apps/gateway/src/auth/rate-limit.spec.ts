import 'reflect-metadata';
import { ExecutionContext } from '@nestjs/common';
import { loadConfig } from '@app/common';
import { GatewayConfig } from '../gateway.config';
import { RateLimit, rateLimitOptions } from './rate-limit';

function contextOf(handler: () => void): ExecutionContext {
  return { getHandler: () => handler } as unknown as ExecutionContext;
}

const SECRETS = { OAUTH_SIGNIN_SECRET: 'o'.repeat(32), NATS_USER: 'gateway', NATS_PASSWORD: 'n'.repeat(32) };

describe('rate limits', () => {
  it("default to the contract's limits and read <requests>/<seconds> from the environment", () => {
    const defaults = loadConfig(GatewayConfig, SECRETS);
    expect(['signup', 'signin', 'refresh', 'forgot', 'reset', 'account'].map((n) => defaults.rateLimit(n as 'signup'))).toEqual([
      { limit: 3, ttl: 3_600_000 },
      { limit: 5, ttl: 900_000 },
      { limit: 10, ttl: 60_000 },
      { limit: 3, ttl: 3_600_000 },
      { limit: 5, ttl: 900_000 },
      { limit: 5, ttl: 900_000 },
    ]);
    expect(loadConfig(GatewayConfig, { ...SECRETS, RATE_LIMIT_SIGNIN: '20/60' }).rateLimit('signin')).toEqual({ limit: 20, ttl: 60_000 });
    expect(() => loadConfig(GatewayConfig, { ...SECRETS, RATE_LIMIT_SIGNIN: '20 per minute' })).toThrow(/RATE_LIMIT_SIGNIN/);
    expect(() => loadConfig(GatewayConfig, { ...SECRETS, RATE_LIMIT_RESET: '0/60' })).toThrow(/RATE_LIMIT_RESET/);
  });

  it('apply each named limit only to the routes marked with it', () => {
    class Routes {
      @RateLimit('signin') signin() {}
      @RateLimit('forgot') forgot() {}
      me() {}
    }
    const options = rateLimitOptions(loadConfig(GatewayConfig, SECRETS));
    const throttlers = Array.isArray(options) ? options : options.throttlers;
    const active = (handler: () => void) => throttlers.filter((t) => !t.skipIf!(contextOf(handler))).map((t) => t.name);
    expect(active(Routes.prototype.signin)).toEqual(['signin']);
    expect(active(Routes.prototype.forgot)).toEqual(['forgot']);
    expect(active(Routes.prototype.me)).toEqual([]);
  });

  it('count change-password and change-email per signed-in user, in one budget', async () => {
    class Routes {
      @RateLimit('account') changePassword() {}
      @RateLimit('account') changeEmail() {}
    }
    const options = rateLimitOptions(loadConfig(GatewayConfig, SECRETS));
    const account = (Array.isArray(options) ? options : options.throttlers).find((t) => t.name === 'account')!;
    const context = contextOf(Routes.prototype.changePassword);
    expect(account.skipIf!(contextOf(Routes.prototype.changeEmail))).toBe(false);
    expect(await account.getTracker!({ user: { id: 7 }, ip: '10.0.0.1' }, context)).toBe('user:7');
    expect(await account.getTracker!({ user: { id: 7 }, ip: '10.0.0.2' }, context)).toBe('user:7');
    expect(account.generateKey!(context, 'user:7', 'account')).toBe(
      account.generateKey!(contextOf(Routes.prototype.changeEmail), 'user:7', 'account'),
    );
  });
});
