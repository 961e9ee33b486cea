import { Injectable, Logger } from '@nestjs/common';
import { APPLICATION_DELETED, JOB_DELETED, USER_DELETED } from '@app/contracts';
import { EventConsumers, on, Outbox } from '@app/common';
import { ApplicationsRepository } from './applications.repository';

/**
 * What other services' events mean for applications. Each handler runs in the consumer's
 * transaction (with its processed_events row), so the deletions and the APPLICATION_DELETED events
 * they enqueue happen exactly once.
 */
@Injectable()
export class ApplicationEventsConsumer {
  private readonly logger = new Logger(ApplicationEventsConsumer.name);

  constructor(consumers: EventConsumers, repository: ApplicationsRepository, outbox: Outbox) {
    consumers.register({
      name: 'cleanup',
      bindings: [
        on(USER_DELETED, async ({ payload }, manager) => {
          const removed = await repository.deleteByCandidate(manager, payload.user_id);
          for (const row of removed) {
            // The jobs service lowers applications_count for those it still counted.
            await outbox.enqueue(manager, APPLICATION_DELETED, {
              application_id: row.id,
              job_id: row.job_id,
              candidate_id: row.candidate_id,
              employer_id: row.employer_id,
              counted: row.status !== 'withdrawn',
            });
          }
          // An employer's jobs go with the account (JOB_DELETED each); these rows would be orphans anyway.
          const orphans = await repository.deleteByEmployer(manager, payload.user_id);
          if (removed.length || orphans)
            this.logger.log(`user ${payload.user_id} deleted: ${removed.length + orphans} applications removed`);
        }),
        on(JOB_DELETED, async ({ payload }, manager) => {
          await repository.deleteByJob(manager, payload.job_id);
        }),
      ],
    });
  }
}
