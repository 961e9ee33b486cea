import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTablesSql, dropEventTablesSql } from '../shared/event-tables';

/**
 * Schema `notifications`: notifications, per-user unread counters, the outbound mail log, and the
 * event plumbing every schema has (outbox, processed_events, parked_events).
 * Migrations are frozen snapshots: each is self-contained SQL, never edited once shipped (the event
 * plumbing comes from shared/event-tables.ts, frozen in the same way).
 */
export class InitNotifications1764100000000 implements MigrationInterface {
  name = 'InitNotifications1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TYPE notifications.notification_type AS ENUM
        ('new_application', 'status_change', 'new_job', 'message', 'system');

      -- user_id, related_job_id and related_application_id belong to other services: no foreign key.
      CREATE TABLE notifications.notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id integer NOT NULL,
        type notifications.notification_type NOT NULL,
        title text NOT NULL,
        message text NOT NULL,
        related_job_id integer,
        related_application_id integer,
        is_read boolean NOT NULL DEFAULT false,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- The unread list and count of one user, newest first.
      CREATE INDEX notifications_user_read_created_idx
        ON notifications.notifications (user_id, is_read, created_at DESC);

      CREATE TABLE notifications.notification_counters (
        user_id integer PRIMARY KEY,
        unread_count integer NOT NULL DEFAULT 0
          CONSTRAINT notification_counters_unread_count_check CHECK (unread_count >= 0)
      );

      CREATE TABLE notifications.outbound_mail (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        to_address text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        error text
      );
      CREATE INDEX outbound_mail_to_created_idx ON notifications.outbound_mail (to_address, created_at DESC);

      ${createEventTablesSql('notifications')}
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ${dropEventTablesSql('notifications')}
      DROP TABLE notifications.outbound_mail;
      DROP TABLE notifications.notification_counters;
      DROP TABLE notifications.notifications;
      DROP TYPE notifications.notification_type;
    `);
  }
}
