import { Global, Injectable, Module } from '@nestjs/common';
import { Metrics } from '@app/common';
import { LRUCache } from 'lru-cache';
import type { Counter } from 'prom-client';
import type { Request, Response } from 'express';
import { ACCESS_COOKIE } from '../security/session-cookies';
import { GatewayConfig } from '../gateway.config';

/** An anonymous request: no Authorization header and no session cookie (a signed-in answer is never shared). */
function isAnonymous(req: Request): boolean {
  return !req.headers.authorization && !(req.cookies as Record<string, string> | undefined)?.[ACCESS_COOKIE];
}

/** A query as a cache key: its defined fields in name order, so `?a=1&b=2` and `?b=2&a=1` are one entry. */
export function queryKey(route: string, query: object): string {
  const fields = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${route}?${JSON.stringify(fields)}`;
}

/**
 * Public answers (the anonymous job list, the home page figures) kept in the gateway for at most
 * PUBLIC_CACHE_TTL_MS (0: off), so a burst of anonymous visitors costs one request to the services
 * per query and per TTL, not one each. Bounded by PUBLIC_CACHE_MAX_ENTRIES and PUBLIC_CACHE_MAX_BYTES
 * (least recently used first out; lru-cache). Concurrent misses for one key share one request; a
 * failure is never kept. Answers carry `Cache-Control: public, max-age=N` with N the entry's remaining time in
 * whole seconds, so a browser or proxy never makes the whole staleness exceed the TTL; signed-in
 * answers `private, no-store`.
 */
@Injectable()
export class PublicCache {
  private readonly cache?: LRUCache<string, object, () => Promise<object>>;
  private readonly lookups: Counter<'result'>;

  constructor(config: GatewayConfig, metrics: Metrics) {
    this.lookups = metrics.counter(
      'gateway_public_cache_lookups_total',
      'Anonymous answers by result: hit, miss (one request to the services), coalesced (waited for a miss in flight)',
      ['result'],
    );
    metrics.gauge('gateway_public_cache_bytes', 'Bytes (JSON) held by the public answers cache', [], (g) => g.set(this.size.bytes));
    if (config.PUBLIC_CACHE_TTL_MS === 0) return;
    this.cache = new LRUCache({
      max: config.PUBLIC_CACHE_MAX_ENTRIES,
      maxSize: config.PUBLIC_CACHE_MAX_BYTES,
      sizeCalculation: (value) => Math.max(1, Buffer.byteLength(JSON.stringify(value) ?? '')),
      ttl: config.PUBLIC_CACHE_TTL_MS,
      // The wall clock (not the monotonic one): what Cache-Control and the tests reason in.
      perf: { now: () => Date.now() },
      ttlResolution: 0,
      // An answer still loading when it is evicted is not kept: its callers get undefined and load it themselves.
      allowStaleOnFetchAbort: true,
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  /** The answer to `load()`, from the cache when the request is anonymous and an entry is fresh. */
  async serve<T>(req: Request, res: Response, key: string, load: () => Promise<T>): Promise<T> {
    if (!isAnonymous(req)) {
      res.setHeader('Cache-Control', 'private, no-store');
      return load();
    }
    if (!this.cache) return load();
    const status: LRUCache.Status<object> = {};
    const value = (await this.cache.fetch(key, { context: load as () => Promise<object>, status })) as T | undefined;
    if (value === undefined) return load();
    this.lookups.inc({ result: status.fetch === 'hit' ? 'hit' : status.fetch === 'inflight' ? 'coalesced' : 'miss' });
    // A fresh answer lives the whole TTL; a cached one what is left of it (whole seconds, never more).
    const remainingMs = status.fetch === 'miss' ? this.cache.ttl : this.cache.getRemainingTTL(key);
    res.setHeader('Cache-Control', `public, max-age=${Math.max(0, Math.floor(remainingMs / 1000))}`);
    res.setHeader('Vary', 'Authorization, Cookie');
    return value;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.cache?.size ?? 0, bytes: this.cache?.calculatedSize ?? 0 };
  }
}

@Global()
@Module({ providers: [PublicCache], exports: [PublicCache] })
export class PublicCacheModule {}
