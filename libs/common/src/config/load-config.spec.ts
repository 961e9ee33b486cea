import { DbConfig } from '@app/db';
import { BaseConfig } from './base.config';
import { JwtConfig } from './jwt.config';
import { ConfigError, loadConfig, loadConfigs } from './load-config';
import { isPublishedSecret } from './secrets';

/** Secrets every BaseConfig needs (no default in any NODE_ENV). */
const NATS = { NATS_USER: 'jobs', NATS_PASSWORD: 'n'.repeat(32) };

describe('loadConfig', () => {
  it('fills defaults and converts numbers', () => {
    const config = loadConfig(BaseConfig, { ...NATS, NATS_REQUEST_TIMEOUT_MS: '1500' });
    expect(config.NATS_REQUEST_TIMEOUT_MS).toBe(1500);
    expect(config.natsServers).toEqual(['nats://127.0.0.1:4222']);
  });

  it('splits a NATS cluster list', () => {
    expect(loadConfig(BaseConfig, { ...NATS, NATS_URL: 'nats://a:4222,nats://b:4222' }).natsServers).toEqual([
      'nats://a:4222',
      'nats://b:4222',
    ]);
  });

  it('names every bad variable with what it got', () => {
    expect.assertions(3);
    try {
      loadConfig(BaseConfig, { NATS_URL: 'localhost', NATS_REQUEST_TIMEOUT_MS: 'soon' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toContain('NATS_URL');
      expect((err as ConfigError).message).toContain('NATS_REQUEST_TIMEOUT_MS');
    }
  });

  it.each(['development', 'test', 'production'])("requires the process's NATS user and password with NODE_ENV=%s", (NODE_ENV) => {
    expect(() => loadConfig(BaseConfig, { NODE_ENV })).toThrow(/NATS_USER is required[\s\S]*NATS_PASSWORD is required/);
    expect(() => loadConfig(BaseConfig, { NODE_ENV, ...NATS, NATS_PASSWORD: 'short' })).toThrow(
      /NATS_PASSWORD must be at least 32 characters/,
    );
    expect(loadConfig(BaseConfig, { NODE_ENV, ...NATS }).NATS_USER).toBe('jobs');
  });

  it('reports the problems of several config classes at once', () => {
    expect(() => loadConfigs(BaseConfig, DbConfig, { LOG_LEVEL: 'loud', DB_POOL_MAX: '0' })).toThrow(/LOG_LEVEL[\s\S]*DB_POOL_MAX/);
  });

  it.each(['development', 'test', 'production'])('requires JWT_SECRET with NODE_ENV=%s: no default, no short one', (NODE_ENV) => {
    expect(() => loadConfig(JwtConfig, { NODE_ENV })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig(JwtConfig, { NODE_ENV, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    expect(loadConfig(JwtConfig, { NODE_ENV, JWT_SECRET: 'x'.repeat(40) }).JWT_SECRET).toHaveLength(40);
  });

  it('takes the events stream replicas of a single server or a cluster only', () => {
    expect(loadConfig(BaseConfig, NATS).EVENTS_STREAM_REPLICAS).toBe(1);
    expect(loadConfig(BaseConfig, { ...NATS, EVENTS_STREAM_REPLICAS: '3' }).EVENTS_STREAM_REPLICAS).toBe(3);
    expect(() => loadConfig(BaseConfig, { EVENTS_STREAM_REPLICAS: '2' })).toThrow(/EVENTS_STREAM_REPLICAS/);
  });

  it('refuses the secrets this repository once published as defaults, in every NODE_ENV', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(() => loadConfig(JwtConfig, { NODE_ENV, JWT_SECRET: 'intowork-development-secret-change-me-0123456789' })).toThrow(
        /published in the IntoWork repository/,
      );
    }
    expect(isPublishedSecret('intowork_auth_dev')).toBe(true);
    expect(isPublishedSecret('intowork-development-internal-token-change-me')).toBe(true);
    expect(isPublishedSecret('a-secret-nobody-published-0123456789')).toBe(false);
  });

  it('names a bad secret without printing it, and masks the password of a bad URL', () => {
    expect.assertions(4);
    try {
      loadConfigs(JwtConfig, DbConfig, { JWT_SECRET: 'hunter2-short', DATABASE_URL: 'mysql://app:s3cret@db/x' });
    } catch (err) {
      const message = (err as ConfigError).message;
      expect(message).toMatch(/JWT_SECRET: .*\(value hidden\)/);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('s3cret');
      expect(message).toContain('mysql://app:***@db/x');
    }
  });
});
