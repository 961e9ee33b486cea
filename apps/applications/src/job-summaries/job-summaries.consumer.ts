import { Injectable } from '@nestjs/common';
import { JOB_CHANGED, JOB_DELETED } from '@app/contracts';
import { EventConsumers, on } from '@app/common';
import { JobSummariesRepository } from './job-summaries.repository';

/**
 * Keeps applications.job_summaries in step with the jobs service's events (durable
 * `applications-job-summaries`, filter `events.jobs.job.>`, so a job's events keep their order).
 * A JOB_CHANGED only wins with a higher version than the row's: a replayed or late copy of an older
 * one changes nothing. JOB_DELETED also reaches the cleanup consumer (its applications go); here
 * only the summary goes.
 */
@Injectable()
export class JobSummariesConsumer {
  constructor(consumers: EventConsumers, summaries: JobSummariesRepository) {
    consumers.register({
      name: 'job-summaries',
      bindings: [
        on(JOB_CHANGED, async ({ payload }, manager) => {
          await summaries.upsert(manager, payload);
        }),
        on(JOB_DELETED, ({ payload }, manager) => summaries.delete(manager, payload.job_id)),
      ],
    });
  }
}
