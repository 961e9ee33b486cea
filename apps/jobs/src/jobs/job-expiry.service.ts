import { Injectable, OnModuleInit } from '@nestjs/common';
import { CountsCache, Maintenance, Outbox } from '@app/common';
import { EntityManager } from 'typeorm';
import { enqueueJobChanges } from './job-changed';
import { JobsRepository } from './jobs.repository';

/**
 * A published job past its `expires_at` is closed by the service's scheduled maintenance (task
 * `jobs-expire`, once across replicas), so its owner sees it as closed, and JOB_CHANGED tells the
 * services that keep its summary. Until the task runs, the public board, the detail page and
 * JOBS_JOB_SUMMARIES already treat it as closed (and applying checks `expires_at` itself).
 */
@Injectable()
export class JobExpiry implements OnModuleInit {
  constructor(
    private readonly maintenance: Maintenance,
    private readonly jobs: JobsRepository,
    private readonly outbox: Outbox,
    private readonly totals: CountsCache,
  ) {}

  onModuleInit(): void {
    this.maintenance.register('jobs-expire', (manager) => this.closeExpired(manager));
  }

  async closeExpired(manager: EntityManager): Promise<number> {
    const closed = await this.jobs.closeExpired(manager);
    await enqueueJobChanges(this.outbox, manager, closed);
    if (closed.length > 0) this.totals.invalidate();
    return closed.length;
  }
}
