import { Injectable } from '@nestjs/common';
import { APPLICATION_CREATED, APPLICATION_STATUS_CHANGED, USER_DELETED } from '@app/contracts';
import { EventConsumers, on } from '@app/common';
import { NotificationStreamPublisher } from './notification-stream.publisher';
import { NotificationsRepository } from './notifications.repository';

/**
 * Notifications written from events. Each handler runs in the consumer's transaction with its
 * processed_events row (a redelivered event writes nothing twice) and moves the unread counter in
 * that same transaction; the live push goes out only after the commit. A notification is stored as
 * its type and parameters: the gateway writes its title and message in the reader's language.
 */
@Injectable()
export class NotificationEventsConsumer {
  constructor(consumers: EventConsumers, repository: NotificationsRepository, stream: NotificationStreamPublisher) {
    consumers.register({
      name: 'notifier',
      bindings: [
        on(APPLICATION_CREATED, async (event, manager) => {
          const p = event.payload;
          const { item, unread_count } = await repository.insert(manager, {
            user_id: p.employer_id,
            type: 'new_application',
            params: { candidate: p.candidate_name, job: p.job_title },
            related_job_id: p.job_id,
            related_application_id: p.application_id,
          });
          event.afterCommit(() => stream.push(p.employer_id, item, unread_count));
        }),
        on(APPLICATION_STATUS_CHANGED, async (event, manager) => {
          const p = event.payload;
          const { item, unread_count } = await repository.insert(manager, {
            user_id: p.candidate_id,
            type: 'status_change',
            params: { job: p.job_title, status: p.new_status },
            related_job_id: p.job_id,
            related_application_id: p.application_id,
          });
          event.afterCommit(() => stream.push(p.candidate_id, item, unread_count));
        }),
        on(USER_DELETED, async ({ payload }, manager) => {
          await repository.deleteUser(manager, payload.user_id);
        }),
      ],
    });
  }
}
