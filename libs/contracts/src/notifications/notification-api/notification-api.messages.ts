import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { rpc } from '../../message';

/** The RPCs behind /api/notifications (gateway → notifications service). */

export type NotificationType = 'new_application' | 'status_change' | 'new_job' | 'message' | 'system';

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

export class NotificationsListRequest {
  @IsInt() user_id: number;
  @IsInt() @Min(1) @Max(100) limit: number;
  @IsInt() @Min(0) @Max(100_000_000) offset: number;
  @IsOptional() @IsBoolean() unread_only?: boolean;
}

export class NotificationsUserRequest {
  @IsInt() user_id: number;
}

export class NotificationRequest {
  @IsInt() user_id: number;
  @IsInt() @Min(1) notification_id: number;
}

export const NOTIFICATIONS_LIST = rpc<NotificationsListRequest, { notifications: NotificationItem[]; total: number; unread_count: number }>(
  'notifications.notification.list.v1',
  NotificationsListRequest,
);
export const NOTIFICATIONS_UNREAD_COUNT = rpc<NotificationsUserRequest, { unread_count: number }>(
  'notifications.notification.unread-count.v1',
  NotificationsUserRequest,
);
export const NOTIFICATIONS_MARK_READ = rpc<NotificationRequest, { message: string }>('notifications.notification.mark-read.v1', NotificationRequest);
export const NOTIFICATIONS_MARK_ALL_READ = rpc<NotificationsUserRequest, { message: string; updated: number }>(
  'notifications.notification.mark-all-read.v1',
  NotificationsUserRequest,
);
export const NOTIFICATIONS_DELETE = rpc<NotificationRequest, { message: string }>('notifications.notification.delete.v1', NotificationRequest);
