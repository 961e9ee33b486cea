import { Metrics } from '@app/common';
import type { Request, Response } from 'express';
import { GatewayConfig } from '../gateway.config';
import { PublicCache, queryKey } from './public-cache';

function setup(overrides: Partial<GatewayConfig> = {}) {
  const config = Object.assign(new GatewayConfig(), overrides);
  return new PublicCache(config, new Metrics('cache-spec'));
}

function exchange(headers: Record<string, string> = {}, cookies: Record<string, string> = {}) {
  const set: Record<string, string> = {};
  const req = { headers, cookies } as unknown as Request;
  const res = { setHeader: (name: string, value: string) => (set[name] = value) } as unknown as Response;
  return { req, res, set };
}

describe('PublicCache', () => {
  it('serves an anonymous answer from memory within the TTL, with a public max-age no longer than what is left', async () => {
    const cache = setup({ PUBLIC_CACHE_TTL_MS: 2000 });
    const load = jest.fn().mockResolvedValue({ n: 1 });
    const first = exchange();
    expect(await cache.serve(first.req, first.res, 'k', load)).toEqual({ n: 1 });
    const second = exchange();
    expect(await cache.serve(second.req, second.res, 'k', load)).toEqual({ n: 1 });
    expect(load).toHaveBeenCalledTimes(1);
    expect(first.set['Cache-Control']).toBe('public, max-age=2');
    // Never more than what is left of the entry's 2 s.
    expect(second.set['Cache-Control']).toMatch(/^public, max-age=[012]$/);
  });

  it('asks again once the TTL has passed', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const cache = setup({ PUBLIC_CACHE_TTL_MS: 1000 });
      const load = jest.fn().mockResolvedValueOnce('old').mockResolvedValueOnce('new');
      expect(await cache.serve(exchange().req, exchange().res, 'k', load)).toBe('old');
      jest.setSystemTime(1_000_999);
      expect(await cache.serve(exchange().req, exchange().res, 'k', load)).toBe('old');
      jest.setSystemTime(1_001_001);
      expect(await cache.serve(exchange().req, exchange().res, 'k', load)).toBe('new');
    } finally {
      jest.useRealTimers();
    }
  });

  it('makes one request for concurrent misses of one key, and keeps no failure', async () => {
    const cache = setup();
    let fail: (err: Error) => void = () => undefined;
    const load = jest
      .fn()
      .mockImplementationOnce(() => new Promise((_, reject) => (fail = reject)))
      .mockResolvedValue('ok');
    const waiting = [1, 2, 3].map(() => cache.serve(exchange().req, exchange().res, 'k', load));
    fail(new Error('boom'));
    for (const w of waiting) await expect(w).rejects.toThrow('boom');
    expect(load).toHaveBeenCalledTimes(1);
    expect(await cache.serve(exchange().req, exchange().res, 'k', load)).toBe('ok');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('never serves nor keeps a signed-in answer (Bearer or session cookie)', async () => {
    const cache = setup();
    const load = jest.fn().mockResolvedValue('mine');
    const bearer = exchange({ authorization: 'Bearer x' });
    await cache.serve(bearer.req, bearer.res, 'k', load);
    await cache.serve(exchange({}, { intowork_access: 'x' }).req, exchange().res, 'k', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(bearer.set['Cache-Control']).toBe('private, no-store');
    expect(cache.size.entries).toBe(0);
  });

  it('is off at TTL 0', async () => {
    const cache = setup({ PUBLIC_CACHE_TTL_MS: 0 });
    const load = jest.fn().mockResolvedValue('x');
    await cache.serve(exchange().req, exchange().res, 'k', load);
    await cache.serve(exchange().req, exchange().res, 'k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stays within its entry and byte bounds, least recently used out first', async () => {
    const cache = setup({ PUBLIC_CACHE_MAX_ENTRIES: 2, PUBLIC_CACHE_MAX_BYTES: 1024 });
    const serve = (key: string, value: unknown) => cache.serve(exchange().req, exchange().res, key, async () => value);
    await serve('a', 'A');
    await serve('b', 'B');
    await serve('a', 'ignored'); // a is now the most recent
    await serve('c', 'C');
    expect(cache.size.entries).toBe(2);
    expect(await serve('a', 'reloaded')).toBe('A');
    expect(await serve('b', 'reloaded')).toBe('reloaded');
    await serve('big', 'x'.repeat(2000)); // larger than the whole budget: not kept
    await serve('d', 'y'.repeat(600));
    await serve('e', 'z'.repeat(600));
    expect(cache.size.bytes).toBeLessThanOrEqual(1024);
  });

  it('keys a query by its defined fields, in any order', () => {
    expect(queryKey('jobs', { limit: 10, page: 1, search: undefined })).toBe(queryKey('jobs', { page: 1, limit: 10 }));
    expect(queryKey('jobs', { limit: 10 })).not.toBe(queryKey('jobs', { limit: 20 }));
  });
});
