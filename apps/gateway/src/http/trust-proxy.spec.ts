import 'reflect-metadata';
import { loadConfig } from '@app/common';
import { GatewayConfig } from '../gateway.config';
import { parseTrustProxy } from './trust-proxy';

const SECRETS = { OAUTH_SIGNIN_SECRET: 'o'.repeat(32), NATS_USER: 'gateway', NATS_PASSWORD: 'n'.repeat(32) };

describe('TRUST_PROXY', () => {
  it('is off by default and with false or 0', () => {
    expect(loadConfig(GatewayConfig, SECRETS).trustProxy).toBe(false);
    expect(parseTrustProxy('false')).toEqual({ trust: false });
    expect(parseTrustProxy('0')).toEqual({ trust: false });
  });

  it('takes a hop count, or a comma list of addresses, CIDRs and Express range names', () => {
    expect(loadConfig(GatewayConfig, { ...SECRETS, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseTrustProxy('2')).toEqual({ trust: 2 });
    expect(loadConfig(GatewayConfig, { ...SECRETS, TRUST_PROXY: '10.0.0.0/8, 192.168.1.10,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.10',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses true, saying why and what to set instead', () => {
    expect(() => loadConfig(GatewayConfig, { ...SECRETS, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY must not be true: that trusts every hop.*X-Forwarded-For.*\(e\.g\. 1\)/,
    );
  });

  it('refuses what is neither a hop count nor addresses', () => {
    for (const bad of ['11', 'yes', '10.0.0.0/33', 'fd00::/129', '10.0.0.1/8/2', '300.1.1.1', '1,', 'example.com']) {
      expect({ bad, problem: 'problem' in parseTrustProxy(bad) }).toEqual({ bad, problem: true });
    }
    expect(() => loadConfig(GatewayConfig, { ...SECRETS, TRUST_PROXY: '10.0.0.0/8,proxy.local' })).toThrow(
      /TRUST_PROXY .*not an address: proxy\.local/,
    );
  });
});
