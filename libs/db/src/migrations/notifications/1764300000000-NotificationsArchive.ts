import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.notifications_archive`: notifications older than NOTIFICATIONS_ARCHIVE_AFTER_DAYS are
 * moved here by the scheduled maintenance, so the live table (and its per-user index) stays small.
 * The index on notifications(created_at) serves the maintenance's "older than" scan.
 */
export class NotificationsArchive1764300000000 implements MigrationInterface {
  name = 'NotificationsArchive1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.notifications_archive (
        id bigint PRIMARY KEY,
        user_id integer NOT NULL,
        type notifications.notification_type NOT NULL,
        title text NOT NULL,
        message text NOT NULL,
        related_job_id integer,
        related_application_id integer,
        is_read boolean NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notifications_archive_user_created_idx ON notifications.notifications_archive (user_id, created_at DESC);
      CREATE INDEX notifications_created_idx ON notifications.notifications (created_at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX notifications.notifications_created_idx;
      DROP TABLE notifications.notifications_archive;
    `);
  }
}
