import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(NOTIFICATIONS_LIST.subject)
  list(@Payload() dto: NotificationsListRequest) {
    return this.notifications.list(dto);
  }

  @MessagePattern(NOTIFICATIONS_UNREAD_COUNT.subject)
  unreadCount(@Payload() dto: NotificationsUserRequest) {
    return this.notifications.unreadCount(dto.user_id);
  }

  @MessagePattern(NOTIFICATIONS_MARK_READ.subject)
  markRead(@Payload() dto: NotificationRequest) {
    return this.notifications.markRead(dto.user_id, dto.notification_id);
  }

  @MessagePattern(NOTIFICATIONS_MARK_ALL_READ.subject)
  markAllRead(@Payload() dto: NotificationsUserRequest) {
    return this.notifications.markAllRead(dto.user_id);
  }

  @MessagePattern(NOTIFICATIONS_DELETE.subject)
  delete(@Payload() dto: NotificationRequest) {
    return this.notifications.delete(dto.user_id, dto.notification_id);
  }
}
