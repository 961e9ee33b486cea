import { Injectable, Logger } from '@nestjs/common';
import { NotificationPushed, notificationStreamSubject, StoredNotification } from '@app/contracts';
import { NatsConnectionService } from '@app/common';
import { JSONCodec } from 'nats';

const codec = JSONCodec<NotificationPushed>();

/**
 * Pushes a committed notification on the user's live subject (core NATS, at most once: the gateway
 * forwards it to the user's open streams; a missed push is still in the list).
 */
@Injectable()
export class NotificationStreamPublisher {
  private readonly logger = new Logger(NotificationStreamPublisher.name);

  constructor(private readonly nats: NatsConnectionService) {}

  push(userId: number, item: StoredNotification, unreadCount: number): void {
    try {
      this.nats.connection.publish(
        notificationStreamSubject(userId),
        codec.encode({ ...item, user_id: userId, unread_count: unreadCount }),
      );
    } catch (err) {
      this.logger.warn(`live push to user ${userId} failed: ${(err as Error).message}`);
    }
  }
}
