import { Injectable, OnModuleInit } from '@nestjs/common';
import { CountsCache, EventConsumers, on, Outbox } from '@app/common';
import { APPLICATION_CREATED, APPLICATION_DELETED, APPLICATION_WITHDRAWN, JOB_DELETED, USER_DELETED } from '@app/contracts';
import { CompaniesRepository } from '../companies/companies.repository';
import { JobsRepository } from './jobs.repository';

/**
 * What the jobs service keeps from other services' events. Each handler runs in the consumer's
 * transaction with the processed_events record, so a redelivered event changes nothing twice.
 */
@Injectable()
export class JobsEvents implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly jobs: JobsRepository,
    private readonly companies: CompaniesRepository,
    private readonly outbox: Outbox,
    private readonly totals: CountsCache,
  ) {}

  onModuleInit(): void {
    this.consumers.register({
      name: 'applications-count',
      bindings: [
        on(APPLICATION_CREATED, (event, manager) => this.jobs.addApplications(manager, event.payload.job_id, 1)),
        on(APPLICATION_WITHDRAWN, (event, manager) => this.jobs.addApplications(manager, event.payload.job_id, -1)),
        on(APPLICATION_DELETED, async (event, manager) => {
          if (event.payload.counted) await this.jobs.addApplications(manager, event.payload.job_id, -1);
        }),
      ],
    });
    this.consumers.register({
      name: 'user-deleted',
      bindings: [
        on(USER_DELETED, async (event, manager) => {
          if (event.payload.role !== 'employer') return;
          const userId = event.payload.user_id;
          const companyId = await this.companies.removeMember(manager, userId);
          for (const jobId of await this.jobs.deleteByEmployer(manager, userId)) {
            await this.outbox.enqueue(manager, JOB_DELETED, { job_id: jobId, employer_id: userId });
          }
          if (companyId !== null) await this.companies.deleteIfOrphaned(manager, companyId);
          this.totals.invalidate();
        }),
      ],
    });
  }
}
