import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@app/common';
import { AuthConfig } from './auth.config';

const key = () => randomBytes(32).toString('base64');
const SECRETS = { REFRESH_TOKEN_HASH_KEY: 'r'.repeat(32), MAIL_LINK_KEYS: `m1:${key()}`, NATS_USER: 'auth', NATS_PASSWORD: 'n'.repeat(32) };

describe('AuthConfig secrets', () => {
  it.each(['development', 'test', 'production'])('requires REFRESH_TOKEN_HASH_KEY and OAUTH_TOKEN_KEYS with NODE_ENV=%s', (NODE_ENV) => {
    expect(() => loadConfig(AuthConfig, { NODE_ENV })).toThrow(/REFRESH_TOKEN_HASH_KEY is required[\s\S]*OAUTH_TOKEN_KEYS is required/);
    expect(loadConfig(AuthConfig, { NODE_ENV, ...SECRETS, OAUTH_TOKEN_KEYS: `k1:${key()}` }).oauthKeyId).toBe('k1');
  });

  it('refuses a malformed key list, a key of the wrong size, the once-published key, and an unknown current key id', () => {
    expect(() => loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: 'nope' })).toThrow(/OAUTH_TOKEN_KEYS must be id:base64key/);
    expect(() => loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: `k1:${randomBytes(16).toString('base64')}` })).toThrow(
      /key k1 must be 32 bytes/,
    );
    const published = `dev:${Buffer.from('intowork-dev-oauth-key-32-bytes!').toString('base64')}`;
    expect(() => loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: published })).toThrow(/key dev was published/);
    expect(() => loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: `k1:${key()}`, OAUTH_TOKEN_KEY_ID: 'k2' })).toThrow(
      /OAUTH_TOKEN_KEY_ID/,
    );
    const rotated = loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: `k1:${key()},k2:${key()}`, OAUTH_TOKEN_KEY_ID: 'k2' });
    expect(rotated.oauthKeyId).toBe('k2');
    expect([...rotated.oauthKeys.keys()]).toEqual(['k1', 'k2']);
  });

  it('requires MAIL_LINK_KEYS, a key list like OAUTH_TOKEN_KEYS, and seals new links with its first key', () => {
    const { MAIL_LINK_KEYS: _, ...withoutMailKeys } = SECRETS;
    expect(() => loadConfig(AuthConfig, { ...withoutMailKeys, OAUTH_TOKEN_KEYS: `k1:${key()}` })).toThrow(/MAIL_LINK_KEYS is required/);
    expect(() =>
      loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: `k1:${key()}`, MAIL_LINK_KEYS: `m1:${randomBytes(16).toString('base64')}` }),
    ).toThrow(/MAIL_LINK_KEYS key m1 must be 32 bytes/);
    const rotated = loadConfig(AuthConfig, { ...SECRETS, OAUTH_TOKEN_KEYS: `k1:${key()}`, MAIL_LINK_KEYS: `m2:${key()},m1:${key()}` });
    expect(rotated.mailLinkKeyId).toBe('m2');
    expect([...rotated.mailLinkKeys.keys()]).toEqual(['m2', 'm1']);
  });
});
