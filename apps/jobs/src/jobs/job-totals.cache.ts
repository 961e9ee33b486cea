import { Injectable } from '@nestjs/common';
import { Metrics } from '@app/common';
import { LRUCache } from 'lru-cache';
import { JobsConfig } from '../jobs.config';

/** Distinct filters whose totals are kept at most (a few hundred bytes each). */
const MAX_FILTERS = 5000;

/**
 * Counts over the whole board: the `total` of a job list, and the board figures of the dashboards.
 * The total of a job list is an exact count of every match, which at seed scale costs from a few ms
 * (the whole board, an index-only scan) to a few hundred ms (a word in a third of the jobs). It is
 * counted at most once per JOB_TOTALS_TTL_MS per distinct filter (concurrent misses share one count),
 * and forgotten at once when this process changes a job, so an employer sees their own change
 * immediately. Staleness is therefore bounded by the TTL: another replica's change, or a posting
 * expiring, shows in the total within it (the page itself is never cached here).
 */
@Injectable()
export class JobTotalsCache {
  private readonly cache?: LRUCache<string, object | number, () => Promise<object | number>>;
  private readonly answered;

  constructor(config: JobsConfig, metrics: Metrics) {
    this.answered = metrics.counter('job_list_totals_total', 'Job list totals by source (counted in the database, or cached)', ['source']);
    if (config.JOB_TOTALS_TTL_MS > 0) {
      this.cache = new LRUCache({
        max: MAX_FILTERS,
        ttl: config.JOB_TOTALS_TTL_MS,
        fetchMethod: (_key, _stale, { context }) => {
          this.answered.inc({ source: 'counted' });
          return context();
        },
      });
    }
  }

  /** The total (or figures) for this key, counted by `count` when it is not known (or too old). */
  async get<T extends object | number>(key: string, count: () => Promise<T>): Promise<T> {
    if (!this.cache) return count();
    if (this.cache.has(key)) this.answered.inc({ source: 'cached' });
    return (await this.cache.fetch(key, { context: count })) as T;
  }

  /** After a change to a job made by this process. */
  invalidate(): void {
    this.cache?.clear();
  }
}
