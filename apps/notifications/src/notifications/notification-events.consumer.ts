import { Injectable } from '@nestjs/common';
import { APPLICATION_CREATED, APPLICATION_STATUS_CHANGED, USER_DELETED } from '@app/contracts';
import { ConsumedEvent, EventConsumers, on } from '@app/common';
import { EntityManager } from 'typeorm';
import { NotificationStreamPublisher } from './notification-stream.publisher';
import { NewNotification, NotificationsRepository } from './notifications.repository';

/**
 * Notifications written from events. Each handler runs in the consumer's transaction with its
 * processed_events row (a redelivered event writes nothing twice) and moves the unread counter in
 * that same transaction; the live push goes out only after the commit. A notification is stored as
 * its type and parameters: the gateway writes its title and message in the reader's language.
 */
@Injectable()
export class NotificationEventsConsumer {
  constructor(consumers: EventConsumers, repository: NotificationsRepository, stream: NotificationStreamPublisher) {
    /** Stores the notification in the event's transaction; its live push waits for the commit. */
    const notify = async (event: ConsumedEvent<object>, manager: EntityManager, notification: NewNotification): Promise<void> => {
      const { item, unread_count } = await repository.insert(manager, notification);
      event.afterCommit(() => stream.push(notification.user_id, item, unread_count));
    };
    consumers.register({
      name: 'notifier',
      bindings: [
        on(APPLICATION_CREATED, (event, manager) => {
          const p = event.payload;
          return notify(event, manager, {
            user_id: p.employer_id,
            type: 'new_application',
            params: { candidate: p.candidate_name, job: p.job_title },
            related_job_id: p.job_id,
            related_application_id: p.application_id,
          });
        }),
        on(APPLICATION_STATUS_CHANGED, (event, manager) => {
          const p = event.payload;
          return notify(event, manager, {
            user_id: p.candidate_id,
            type: 'status_change',
            params: { job: p.job_title, status: p.new_status },
            related_job_id: p.job_id,
            related_application_id: p.application_id,
          });
        }),
        on(USER_DELETED, async ({ payload }, manager) => {
          await repository.deleteUser(manager, payload.user_id);
        }),
      ],
    });
  }
}
