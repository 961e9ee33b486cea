import { Injectable, OnModuleInit } from '@nestjs/common';
import { CountsCache, Maintenance } from '@app/common';
import { EntityManager } from 'typeorm';

/**
 * A published job past its `expires_at` is closed by the service's scheduled maintenance (task
 * `jobs-expire`, once across replicas), so its owner sees it as closed. Until the task runs, the
 * public board, the detail page and JOBS_JOB_SUMMARIES (which applying reads) already treat it as closed.
 */
@Injectable()
export class JobExpiry implements OnModuleInit {
  constructor(
    private readonly maintenance: Maintenance,
    private readonly totals: CountsCache,
  ) {}

  onModuleInit(): void {
    this.maintenance.register('jobs-expire', (manager) => this.closeExpired(manager));
  }

  async closeExpired(manager: EntityManager): Promise<number> {
    const [, closed] = (await manager.query(
      `UPDATE jobs.jobs SET status = 'closed', updated_at = now() WHERE status = 'published' AND expires_at <= now()`,
    )) as [unknown[], number];
    if (closed > 0) this.totals.invalidate();
    return closed;
  }
}
