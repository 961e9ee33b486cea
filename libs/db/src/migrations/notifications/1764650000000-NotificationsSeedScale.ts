import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's notifications newest first (read and unread together) become a walk of the first rows of
 * an index; the (user_id, is_read, created_at) index serves the unread list and count only.
 *
 * Autovacuum for the seed's write rates: every application adds a notification and updates its
 * reader's counter row, and every read updates both. Vacuum and analyze after 2% of the
 * notifications changed instead of 20%; the counters (one small row per user, updated on every
 * event) are vacuumed after 5% and keep room on each page for HOT updates.
 */
export class NotificationsSeedScale1764650000000 implements MigrationInterface {
  name = 'NotificationsSeedScale1764650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX notifications_user_created_idx ON notifications.notifications (user_id, created_at DESC, id DESC);
      ALTER TABLE notifications.notifications SET (autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
      ALTER TABLE notifications.notification_counters SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications.notification_counters RESET (fillfactor, autovacuum_vacuum_scale_factor);
      ALTER TABLE notifications.notifications RESET (autovacuum_vacuum_scale_factor,
        autovacuum_analyze_scale_factor, autovacuum_vacuum_insert_scale_factor);
      DROP INDEX notifications.notifications_user_created_idx;
    `);
  }
}
