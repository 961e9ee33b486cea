import { createHash } from 'node:crypto';
import { DomainError } from '@app/common';
import { COMMON_ERRORS } from '@app/contracts';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { KV, nanos, NatsConnection } from 'nats';

/** The JetStream key-value bucket holding the gateways' rate-limit counters. */
export const RATE_LIMIT_BUCKET = 'intowork-rate-limits';
/** Tries of one increment when other gateways change the same counter at the same moment. */
const MAX_TRIES = 20;

interface Counter {
  hits: number;
  /** End of the counting window (ms since the epoch). */
  expiresAt: number;
  /** Set once the limit is passed: requests are refused until then (ms since the epoch; 0: not blocked). */
  blockedUntil: number;
}

export interface NatsKvThrottlerOptions {
  /** Longest window or block of any limit, in ms: a counter untouched this long is over, and the bucket forgets it. */
  maxTtlMs: number;
  /** Servers keeping the bucket (EVENTS_STREAM_REPLICAS). */
  replicas: number;
}

/**
 * Rate-limit counters shared by every gateway replica, in a NATS JetStream key-value bucket (the bus
 * the gateway already needs; PostgreSQL would mean a schema, a role and a pool for the gateway). Each
 * increment is a compare-and-set on the key's revision (create when absent, update at the revision
 * read), retried when another replica wrote in between: no hit is lost and no two replicas count the
 * same budget. Fixed windows as the in-memory storage had, with the same block once the limit is passed.
 * The bucket's max age (the longest window) drops counters nobody touches any more.
 */
export class NatsKvThrottlerStorage implements ThrottlerStorage {
  private bucket?: Promise<KV>;

  constructor(
    /** The connection if it is up now, else throws: a limited request answers 503 at once rather than wait for NATS. */
    private readonly connection: () => NatsConnection,
    private readonly options: NatsKvThrottlerOptions,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttler?: string): Promise<ThrottlerStorageRecord> {
    let kv: KV;
    try {
      kv = await this.kv(this.connection());
    } catch {
      this.bucket = undefined; // asked again on the next request
      throw new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE);
    }
    // Key characters are limited ([-/_=.a-zA-Z0-9]): the throttler's key may hold an IPv6 address.
    const id = createHash('sha256').update(key).digest('hex');
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      let entry;
      try {
        entry = await kv.get(id);
      } catch {
        throw new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE);
      }
      const now = Date.now();
      const stored = entry && entry.operation === 'PUT' ? entry.json<Counter>() : undefined;
      if (stored && stored.blockedUntil > now) return record(stored, now); // refused, not counted
      const fresh = !stored || stored.expiresAt <= now || stored.blockedUntil > 0;
      const counter: Counter = fresh ? { hits: 1, expiresAt: now + ttl, blockedUntil: 0 } : { ...stored, hits: stored.hits + 1 };
      if (counter.hits > limit) counter.blockedUntil = now + blockDuration;
      const data = new TextEncoder().encode(JSON.stringify(counter));
      try {
        if (entry) await kv.update(id, data, entry.revision);
        else await kv.create(id, data);
        return record(counter, now);
      } catch (err) {
        if (!isWrongRevision(err)) throw new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE);
        // another replica counted first: read again
      }
    }
    throw new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE);
  }

  private kv(nc: NatsConnection): Promise<KV> {
    this.bucket ??= (async () => {
      const kv = await nc
        .jetstream()
        .views.kv(RATE_LIMIT_BUCKET, { history: 1, ttl: this.options.maxTtlMs, replicas: this.options.replicas });
      // An existing bucket keeps its max age: lengthen it when a limit's window grew.
      const status = await kv.status();
      if (status.ttl < this.options.maxTtlMs) {
        const jsm = await nc.jetstreamManager();
        const info = await jsm.streams.info(`KV_${RATE_LIMIT_BUCKET}`);
        await jsm.streams.update(info.config.name, { ...info.config, max_age: nanos(this.options.maxTtlMs) });
      }
      return kv;
    })();
    return this.bucket;
  }
}

function record(counter: Counter, now: number): ThrottlerStorageRecord {
  const blocked = counter.blockedUntil > now;
  return {
    totalHits: counter.hits,
    timeToExpire: Math.max(0, Math.ceil((counter.expiresAt - now) / 1000)),
    isBlocked: blocked,
    timeToBlockExpire: blocked ? Math.ceil((counter.blockedUntil - now) / 1000) : 0,
  };
}

/** The server refused a create or an update because the key changed since it was read. */
function isWrongRevision(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; message?: string };
  // 10071: wrong last sequence (update); create of an existing key reports the same.
  return e.api_error?.err_code === 10071 || /wrong last sequence|key exists/i.test(e.message ?? '');
}
