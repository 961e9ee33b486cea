import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { MessageParams } from '../../i18n/messages';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageResponse, rpc } from '../../message';

/** The RPCs behind /api/notifications (gateway → notifications service). */

export type NotificationType = 'new_application' | 'status_change' | 'new_job' | 'message' | 'system';

/** A notification as the client reads it (api.md): title and message in the reader's language. */
export interface NotificationItem {
  id: number;
  type: NotificationType;
  title: string;
  message: string;
  related_job_id: number | null;
  related_application_id: number | null;
  is_read: boolean;
  read_at: string | null;
  created_at: string;
}

/** The parameters of each type's title and message (catalogue keys `notification.<type>.title|message`). */
export interface NotificationParamsByType {
  new_application: MessageParams<'notification.new_application.message'>;
  status_change: MessageParams<'notification.status_change.message'>;
}
export type RenderedNotificationType = keyof NotificationParamsByType;

/**
 * A notification as the notifications service stores and answers it: its type and parameters, which
 * the gateway renders in the reader's language when it is read (so a change of language changes past
 * notifications too). `title`/`message` are the text of a row written before that and not parsed back
 * into parameters (migration NotificationsParams): shown as stored. Null when `params` is set.
 */
export interface StoredNotification extends Omit<NotificationItem, 'title' | 'message'> {
  params: Record<string, string | number> | null;
  title: string | null;
  message: string | null;
}

export class NotificationsListRequest {
  @IsInt() user_id: number;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) limit: number;
  @ApiProperty({ minimum: 0, maximum: 100_000_000 }) @IsInt() @Min(0) @Max(100_000_000) offset: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() unread_only?: boolean;
}

export class NotificationsUserRequest {
  @IsInt() user_id: number;
}

export class NotificationRequest {
  @IsInt() user_id: number;
  /** Notification ids are bigint. */
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) notification_id: number;
}

export const NOTIFICATIONS_LIST = rpc<
  NotificationsListRequest,
  { notifications: StoredNotification[]; total: number; unread_count: number }
>('notifications.notification.list.v1', NotificationsListRequest);
export const NOTIFICATIONS_UNREAD_COUNT = rpc<NotificationsUserRequest, { unread_count: number }>(
  'notifications.notification.unread-count.v1',
  NotificationsUserRequest,
);
export const NOTIFICATIONS_MARK_READ = rpc<NotificationRequest, MessageResponse>(
  'notifications.notification.mark-read.v1',
  NotificationRequest,
);
export const NOTIFICATIONS_MARK_ALL_READ = rpc<NotificationsUserRequest, MessageResponse & { updated: number }>(
  'notifications.notification.mark-all-read.v1',
  NotificationsUserRequest,
);
export const NOTIFICATIONS_DELETE = rpc<NotificationRequest, MessageResponse>('notifications.notification.delete.v1', NotificationRequest);
