import type { StoredNotification } from '../notification-api/notification-api.messages';

/**
 * Live notifications: after committing a notification, the notifications service publishes it as a
 * core NATS message (at most once, no JetStream: a missed push is still in the list) on the user's
 * own subject; the gateway subscribes per open Server-Sent Events stream.
 */
export const NOTIFICATION_STREAM_PREFIX = 'notifications.stream.v1';

export function notificationStreamSubject(userId: number): string {
  return `${NOTIFICATION_STREAM_PREFIX}.${userId}`;
}

/** Stored, not rendered: the gateway renders it in the language of the stream's user. */
export type NotificationPushed = StoredNotification & { user_id: number; unread_count: number };
