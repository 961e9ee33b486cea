import { Injectable } from '@nestjs/common';
import { DbConfig } from '@app/db';
import { LRUCache } from 'lru-cache';
import { Metrics } from '../metrics/metrics.service';

/** Distinct keys kept at most (a few hundred bytes each). */
const MAX_KEYS = 5000;

type Figure = object | number;

/**
 * Counts that grow with a table: a job list's `total` (an exact count of every match, from a few ms
 * for the whole board to a few hundred ms for a word in a third of the jobs at seed scale) and the
 * whole-table figures of the dashboards. Each key is counted at most once per DB_COUNTS_TTL_MS
 * (concurrent misses share one count; a failed count is never kept), so staleness is bounded by
 * that TTL. A service forgets them at once after a change it makes itself (`invalidate`), so a
 * user sees their own change immediately; another replica's change shows within the TTL.
 */
@Injectable()
export class CountsCache {
  private readonly cache?: LRUCache<string, Figure, () => Promise<Figure>>;
  private readonly answered;

  constructor(config: DbConfig, metrics: Metrics) {
    this.answered = metrics.counter('counts_cache_total', 'Counts answered by source (counted in the database, or cached)', ['source']);
    if (config.DB_COUNTS_TTL_MS > 0) {
      this.cache = new LRUCache({
        max: MAX_KEYS,
        ttl: config.DB_COUNTS_TTL_MS,
        fetchMethod: (_key, _stale, { context }) => {
          this.answered.inc({ source: 'counted' });
          return context();
        },
      });
    }
  }

  /** The figure for this key, counted by `count` when it is not known (or too old). */
  async get<T extends Figure>(key: string, count: () => Promise<T>): Promise<T> {
    if (!this.cache) return count();
    if (this.cache.has(key)) this.answered.inc({ source: 'cached' });
    return (await this.cache.fetch(key, { context: count })) as T;
  }

  /** After a change made by this process. */
  invalidate(): void {
    this.cache?.clear();
  }
}
