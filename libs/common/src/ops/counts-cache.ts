import { Injectable } from '@nestjs/common';
import { DbConfig } from '@app/db';
import { LRUCache } from 'lru-cache';
import { Metrics } from '../metrics/metrics.service';

/** Distinct keys kept at most (a few hundred bytes each). */
const MAX_KEYS = 5000;

type Figure = object | number;
type Entry = { figure: Figure; countedAt: number };

/**
 * Counts that grow with a table: a job list's `total` (an exact count of every match, from a few ms
 * for the whole board to a few hundred ms for a word in a third of the jobs at seed scale) and the
 * whole-table figures of the dashboards.
 *
 * Each key is counted at most once per DB_COUNTS_TTL_MS; concurrent misses share one count and a
 * failed count is never kept. A figure past the TTL (but younger than twice the TTL) is still
 * answered while one recount runs in the background, so a request waits for a count only the first
 * time a key is asked for, or after it has not been asked for a while: answers are never more than
 * two TTLs old. A service forgets every figure at once after a change it makes itself
 * (`invalidate`), so a user sees their own change immediately; another replica's change shows within
 * the bound.
 */
@Injectable()
export class CountsCache {
  private readonly cache?: LRUCache<string, Entry, () => Promise<Figure>>;
  private readonly answered;

  constructor(
    private readonly config: DbConfig,
    metrics: Metrics,
  ) {
    this.answered = metrics.counter('counts_cache_total', 'Counts answered by source (counted in the database, or cached)', ['source']);
    if (config.DB_COUNTS_TTL_MS > 0) {
      this.cache = new LRUCache({
        max: MAX_KEYS,
        ttl: config.DB_COUNTS_TTL_MS,
        // invalidate() (or an eviction) drops a count still running: its callers get undefined and count again.
        allowStaleOnFetchAbort: true,
        fetchMethod: async (_key, _stale, { context }) => {
          this.answered.inc({ source: 'counted' });
          return { figure: await context(), countedAt: Date.now() };
        },
      });
    }
  }

  /** The figure for this key, counted by `count` when it is not known (or too old). */
  async get<T extends Figure>(key: string, count: () => Promise<T>): Promise<T> {
    if (!this.cache) return count();
    const known = this.cache.peek(key, { allowStale: true });
    const allowStale = known !== undefined && Date.now() - known.countedAt < 2 * this.config.DB_COUNTS_TTL_MS;
    const status: LRUCache.Status<Entry> = {};
    const entry = await this.cache.fetch(key, { context: count, allowStale, status });
    if (entry === undefined) return count();
    if (status.fetch !== 'miss') this.answered.inc({ source: 'cached' });
    return entry.figure as T;
  }

  /** After a change made by this process. */
  invalidate(): void {
    this.cache?.clear();
  }

  /** After a change made by this process to what one key counts (the others stay). */
  forget(key: string): void {
    this.cache?.delete(key);
  }
}
