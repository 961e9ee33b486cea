import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Metrics, RequestContext } from '@app/common';
import { JobsConfig } from '../jobs.config';
import { JobsRepository } from './jobs.repository';

/** Jobs kept in the buffer at most: beyond it a flush is started at once (memory stays bounded). */
const MAX_PENDING_JOBS = 10000;

/**
 * View counting without making the detail route a write hotspot: views are added up in memory and
 * written every JOB_VIEWS_FLUSH_INTERVAL_MS (1 s) in ONE `UPDATE ... FROM unnest(ids, counts)` (one row version per viewed job
 * per second, whatever the traffic), and once more when the module stops. A crash loses at most the
 * last second of views: acceptable for a popularity figure, and the reason it is not in the outbox.
 */
@Injectable()
export class JobViewsBuffer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(JobViewsBuffer.name);
  private pending = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushed;

  constructor(
    private readonly jobs: JobsRepository,
    private readonly config: JobsConfig,
    metrics: Metrics,
  ) {
    this.flushed = metrics.counter('job_views_flushed_total', 'Job views written to the database');
  }

  onModuleInit(): void {
    if (this.timer) return; // idempotent
    this.timer = setInterval(() => void this.flush(), this.config.JOB_VIEWS_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(jobId: number): void {
    this.pending.set(jobId, (this.pending.get(jobId) ?? 0) + 1);
    // Started by a request, but not bounded by its deadline: the flush is the buffer's work, not the request's.
    if (this.pending.size >= MAX_PENDING_JOBS) void RequestContext.detached(() => this.flush());
  }

  /** Views of this job not yet written by this process (so a viewer sees their own view). */
  pendingFor(jobId: number): number {
    return this.pending.get(jobId) ?? 0;
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.jobs.addViews(batch);
      this.flushed.inc([...batch.values()].reduce((a, b) => a + b, 0));
    } catch (err) {
      // Put them back for the next flush (the database may be briefly away).
      for (const [id, n] of batch) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
      this.logger.warn(`could not write ${batch.size} jobs' views: ${(err as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
