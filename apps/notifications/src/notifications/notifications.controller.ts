import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
import {
  NOTIFICATIONS_DELETE,
  NOTIFICATIONS_LIST,
  NOTIFICATIONS_MARK_ALL_READ,
  NOTIFICATIONS_MARK_READ,
  NOTIFICATIONS_UNREAD_COUNT,
  NotificationRequest,
  NotificationsListRequest,
  NotificationsUserRequest,
} from '@app/contracts';
import { NotificationsService } from './notifications.service';

/** NATS handlers of the notifications API: they only delegate. */
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Handles(NOTIFICATIONS_LIST)
  list(dto: NotificationsListRequest) {
    return this.notifications.list(dto);
  }

  @Handles(NOTIFICATIONS_UNREAD_COUNT)
  unreadCount(dto: NotificationsUserRequest) {
    return this.notifications.unreadCount(dto.user_id);
  }

  @Handles(NOTIFICATIONS_MARK_READ)
  markRead(dto: NotificationRequest) {
    return this.notifications.markRead(dto.user_id, dto.notification_id);
  }

  @Handles(NOTIFICATIONS_MARK_ALL_READ)
  markAllRead(dto: NotificationsUserRequest) {
    return this.notifications.markAllRead(dto.user_id);
  }

  @Handles(NOTIFICATIONS_DELETE)
  delete(dto: NotificationRequest) {
    return this.notifications.delete(dto.user_id, dto.notification_id);
  }
}
