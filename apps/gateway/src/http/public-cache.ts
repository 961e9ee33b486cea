import { Global, Injectable, Module } from '@nestjs/common';
import { Metrics } from '@app/common';
import type { Counter } from 'prom-client';
import type { Request, Response } from 'express';
import { ACCESS_COOKIE } from '../security/session-cookies';
import { GatewayConfig } from '../gateway.config';

interface Entry {
  value: unknown;
  bytes: number;
  expiresAt: number;
}

/** An anonymous request: no Authorization header and no session cookie (a signed-in answer is never shared). */
export function isAnonymous(req: Request): boolean {
  return !req.headers.authorization && !(req.cookies as Record<string, string> | undefined)?.[ACCESS_COOKIE];
}

/** A query as a cache key: its defined fields in name order, so `?a=1&b=2` and `?b=2&a=1` are one entry. */
export function queryKey(route: string, query: object): string {
  const fields = Object.entries(query).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${route}?${JSON.stringify(fields)}`;
}

/**
 * Public answers (the anonymous job list, the home page figures) kept in the gateway for at most
 * PUBLIC_CACHE_TTL_MS (0: off), so a burst of anonymous visitors costs one request to the services
 * per query and per TTL, not one each. Bounded by PUBLIC_CACHE_MAX_ENTRIES and PUBLIC_CACHE_MAX_BYTES
 * (least recently used first out). Concurrent misses for one key share one request; a failure is
 * never kept. Answers carry `Cache-Control: public, max-age=N` with N the entry's remaining time in
 * whole seconds, so a browser or proxy never makes the whole staleness exceed the TTL; signed-in
 * answers `private, no-store`.
 */
@Injectable()
export class PublicCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<unknown>>();
  private bytes = 0;
  private readonly lookups: Counter<'result'>;

  constructor(private readonly config: GatewayConfig, metrics: Metrics) {
    this.lookups = metrics.counter('gateway_public_cache_lookups_total', 'Anonymous answers by result: hit, miss (one request to the services), coalesced (waited for a miss in flight)', ['result']);
    metrics.gauge('gateway_public_cache_bytes', 'Bytes (JSON) held by the public answers cache', [], (g) => g.set(this.bytes));
  }

  /** The answer to `load()`, from the cache when the request is anonymous and an entry is fresh. */
  async serve<T>(req: Request, res: Response, key: string, load: () => Promise<T>): Promise<T> {
    const ttl = this.config.PUBLIC_CACHE_TTL_MS;
    if (!isAnonymous(req)) {
      res.setHeader('Cache-Control', 'private, no-store');
      return load();
    }
    if (ttl === 0) return load();
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      this.entries.delete(key); // most recently used goes last
      this.entries.set(key, entry);
      this.lookups.inc({ result: 'hit' });
      this.cacheControl(res, entry.expiresAt - now);
      return entry.value as T;
    }
    if (entry) this.remove(key, entry);
    let pending = this.loading.get(key) as Promise<T> | undefined;
    if (pending) {
      this.lookups.inc({ result: 'coalesced' });
    } else {
      this.lookups.inc({ result: 'miss' });
      pending = load().then((value) => {
        this.store(key, value, Date.now() + ttl);
        return value;
      });
      this.loading.set(key, pending);
      // Settled either way, the next miss asks again: a failure is never shared past this moment.
      const forget = () => this.loading.delete(key);
      pending.then(forget, forget);
    }
    const value = await pending;
    this.cacheControl(res, ttl);
    return value;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private cacheControl(res: Response, remainingMs: number): void {
    res.setHeader('Cache-Control', `public, max-age=${Math.floor(remainingMs / 1000)}`);
    res.setHeader('Vary', 'Authorization, Cookie');
  }

  private store(key: string, value: unknown, expiresAt: number): void {
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
    if (bytes > this.config.PUBLIC_CACHE_MAX_BYTES) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { value, bytes, expiresAt });
    this.bytes += bytes;
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= this.config.PUBLIC_CACHE_MAX_ENTRIES && this.bytes <= this.config.PUBLIC_CACHE_MAX_BYTES) break;
      this.remove(oldest, e);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

@Global()
@Module({ providers: [PublicCache], exports: [PublicCache] })
export class PublicCacheModule {}
