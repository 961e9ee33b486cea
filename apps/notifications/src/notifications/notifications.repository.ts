import { Injectable } from '@nestjs/common';
import { NotificationParamsByType, RenderedNotificationType, StoredNotification } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { isoText, prepared } from '@app/db';

const COLUMNS = `id::int AS id, type, params, title, message, related_job_id, related_application_id, is_read,
  ${isoText('read_at')} AS read_at, ${isoText('created_at')} AS created_at`;

/** A new notification: its type and that type's parameters (rendered in the reader's language when read). */
export type NewNotification = {
  [T in RenderedNotificationType]: {
    user_id: number;
    type: T;
    params: NotificationParamsByType[T];
    related_job_id: number | null;
    related_application_id: number | null;
  };
}[RenderedNotificationType];

/**
 * The SQL of notifications and their per-user unread counter. Every write that changes what is
 * unread moves the counter in the same transaction. (TypeORM's query() answers UPDATE/DELETE with
 * [rows, rowCount].)
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts an unread notification and raises the counter (one statement); returns it with the new unread count. */
  async insert(manager: EntityManager, n: NewNotification): Promise<{ item: StoredNotification; unread_count: number }> {
    const [row] = await manager.query(
      prepared(`WITH item AS (
         INSERT INTO notifications.notifications (user_id, type, params, related_job_id, related_application_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}
       ), counter AS (
         INSERT INTO notifications.notification_counters (user_id, unread_count) VALUES ($1, 1)
         ON CONFLICT (user_id) DO UPDATE SET unread_count = notification_counters.unread_count + 1 RETURNING unread_count
       )
       SELECT item.*, counter.unread_count FROM item, counter`),
      [n.user_id, n.type, JSON.stringify(n.params), n.related_job_id, n.related_application_id],
    );
    const { unread_count, ...item } = row as StoredNotification & { unread_count: number };
    return { item, unread_count };
  }

  async list(userId: number, limit: number, offset: number, unreadOnly: boolean): Promise<{ items: StoredNotification[]; total: number }> {
    const filter = unreadOnly ? 'AND is_read = false' : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notifications.notifications WHERE user_id = $1 ${filter}`,
      [userId],
    );
    const items = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notifications.notifications WHERE user_id = $1 ${filter}
        ORDER BY notifications.created_at DESC, notifications.id DESC LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    return { items, total };
  }

  async unreadCount(userId: number, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = await manager.query(`SELECT unread_count FROM notifications.notification_counters WHERE user_id = $1`, [userId]);
    return row?.unread_count ?? 0;
  }

  /** 'missing' when there is no such notification of this user. */
  async markRead(manager: EntityManager, userId: number, id: number): Promise<'read' | 'already' | 'missing'> {
    const [rows] = await manager.query(
      `UPDATE notifications.notifications SET is_read = true, read_at = now() WHERE id = $1 AND user_id = $2 AND is_read = false RETURNING id`,
      [id, userId],
    );
    if (rows.length) {
      await this.lowerCounter(manager, userId, 1);
      return 'read';
    }
    const [exists] = await manager.query(`SELECT 1 FROM notifications.notifications WHERE id = $1 AND user_id = $2`, [id, userId]);
    return exists ? 'already' : 'missing';
  }

  async markAllRead(manager: EntityManager, userId: number): Promise<number> {
    const [, count] = await manager.query(
      `UPDATE notifications.notifications SET is_read = true, read_at = now() WHERE user_id = $1 AND is_read = false`,
      [userId],
    );
    // Lower by what this statement read (not to 0): an insert committed meanwhile stays counted.
    await this.lowerCounter(manager, userId, count);
    return count;
  }

  async delete(manager: EntityManager, userId: number, id: number): Promise<boolean> {
    const [rows] = await manager.query(`DELETE FROM notifications.notifications WHERE id = $1 AND user_id = $2 RETURNING is_read`, [
      id,
      userId,
    ]);
    if (rows.length === 0) return false;
    if (!rows[0].is_read) await this.lowerCounter(manager, userId, 1);
    return true;
  }

  /** Everything of a deleted user: live and archived notifications, and the counter. */
  async deleteUser(manager: EntityManager, userId: number): Promise<void> {
    await manager.query(`DELETE FROM notifications.notifications WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM notifications.notifications_archive WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM notifications.notification_counters WHERE user_id = $1`, [userId]);
  }

  private async lowerCounter(manager: EntityManager, userId: number, by: number): Promise<void> {
    if (by <= 0) return;
    await manager.query(`UPDATE notifications.notification_counters SET unread_count = GREATEST(unread_count - $2, 0) WHERE user_id = $1`, [
      userId,
      by,
    ]);
  }
}
