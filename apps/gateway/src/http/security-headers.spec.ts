import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers';

function headersFor(url: string, secure = false): Record<string, string> {
  const set: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (set[name.toLowerCase()] = value), removeHeader: () => undefined };
  let nextCalled = false;
  securityHeaders()({ url, path: url, secure, headers: {} } as unknown as Request, res as unknown as Response, () => (nextCalled = true));
  expect(nextCalled).toBe(true);
  return set;
}

describe('securityHeaders', () => {
  it('sets the strict API headers on every API response', () => {
    const h = headersFor('/api/ping');
    expect(h['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['cross-origin-resource-policy']).toBe('same-site');
    expect(h['strict-transport-security']).toBeUndefined();
  });

  it('lets the OpenAPI page load its own scripts, and sends HSTS only over TLS', () => {
    expect(headersFor('/docs/')['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(headersFor('/api/ping', true)['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
