import { Injectable } from '@nestjs/common';
import {
  NOTIFICATIONS_ERRORS,
  NOTIFICATIONS_LIST,
  NOTIFICATIONS_MARK_ALL_READ,
  NOTIFICATIONS_UNREAD_COUNT,
  MessageResponse,
  NotificationsListRequest,
  okMessage,
  ResponseOf,
} from '@app/contracts';
import { DomainError } from '@app/common';
import { DataSource } from 'typeorm';
import { NotificationsRepository } from './notifications.repository';

/** A user's own notifications: list, read, delete; another user's id is 404. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
  ) {}

  async list(request: NotificationsListRequest): Promise<ResponseOf<typeof NOTIFICATIONS_LIST>> {
    const { items, total } = await this.repository.list(request.user_id, request.limit, request.offset, request.unread_only ?? false);
    return { notifications: items, total, unread_count: await this.repository.unreadCount(request.user_id) };
  }

  async unreadCount(userId: number): Promise<ResponseOf<typeof NOTIFICATIONS_UNREAD_COUNT>> {
    return { unread_count: await this.repository.unreadCount(userId) };
  }

  async markRead(userId: number, id: number): Promise<MessageResponse> {
    const outcome = await this.dataSource.transaction((manager) => this.repository.markRead(manager, userId, id));
    if (outcome === 'missing') throw notFound();
    return okMessage('ok.notification_read');
  }

  async markAllRead(userId: number): Promise<ResponseOf<typeof NOTIFICATIONS_MARK_ALL_READ>> {
    const updated = await this.dataSource.transaction((manager) => this.repository.markAllRead(manager, userId));
    return { ...okMessage('ok.notifications_all_read'), updated };
  }

  async delete(userId: number, id: number): Promise<MessageResponse> {
    const deleted = await this.dataSource.transaction((manager) => this.repository.delete(manager, userId, id));
    if (!deleted) throw notFound();
    return okMessage('ok.notification_deleted');
  }
}

function notFound(): DomainError {
  return new DomainError(NOTIFICATIONS_ERRORS.NOT_FOUND);
}
