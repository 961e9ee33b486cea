import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Most rows one maintenance pass moves, so a backlog never makes one huge transaction. */
const ARCHIVE_BATCH = 5000;

@Injectable()
export class NotificationsArchiveRepository {
  /**
   * Moves notifications created before `days` ago to the archive, in one statement: delete from the
   * live table, insert into the archive, and take the unread ones off the users' unread counters.
   */
  async archiveOlderThan(manager: EntityManager, days: number, batch = ARCHIVE_BATCH): Promise<number> {
    const [row] = await manager.query(
      `WITH moved AS (
         DELETE FROM notifications.notifications
          WHERE id IN (SELECT id FROM notifications.notifications
                        WHERE created_at < now() - make_interval(days => $1)
                        ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, user_id, type, params, title, message, related_job_id, related_application_id, is_read, read_at, created_at
       ), archived AS (
         INSERT INTO notifications.notifications_archive
                (id, user_id, type, params, title, message, related_job_id, related_application_id, is_read, read_at, created_at)
         SELECT id, user_id, type, params, title, message, related_job_id, related_application_id, is_read, read_at, created_at FROM moved
         ON CONFLICT (id) DO NOTHING
       ), unread AS (
         UPDATE notifications.notification_counters c
            SET unread_count = greatest(c.unread_count - u.n, 0)
           FROM (SELECT user_id, count(*)::int AS n FROM moved WHERE NOT is_read GROUP BY user_id) u
          WHERE c.user_id = u.user_id
       )
       SELECT count(*)::int AS n FROM moved`,
      [days, batch],
    );
    return row.n;
  }
}
