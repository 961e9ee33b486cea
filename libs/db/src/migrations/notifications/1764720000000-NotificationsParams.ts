import { MigrationInterface, QueryRunner } from 'typeorm';

/** The English sentences the notifier wrote before, with the status words it used (and the bench's raw statuses). */
const STATUS_OF_WORDS = `(VALUES ('applied', 'applied'), ('viewed by the employer', 'viewed'), ('viewed', 'viewed'),
  ('shortlisted', 'shortlisted'), ('moved to the interview stage', 'interview'), ('interview', 'interview'),
  ('accepted', 'accepted'), ('not retained', 'rejected'), ('rejected', 'rejected'), ('withdrawn', 'withdrawn')) AS w(words, status)`;

/**
 * Notifications are stored as their type + parameters (`params`) and rendered in the reader's language
 * when read (gateway, from the i18n catalogues), so a change of language changes past notifications too.
 * `title` and `message` stay for rows written before: they become nullable, and a row keeps its text
 * only when its sentence could not be parsed back into parameters.
 *
 * Backfill: the two sentences the notifier wrote ("X applied to your job "T"." and "Your application to
 * "T" was <words>.") are parsed into parameters, in both the live table and the archive; their stored
 * text is kept (for `down`) but no longer shown. Anything else (another wording, demo data) is shown
 * as stored, in whatever language it was written.
 */
export class NotificationsParams1764720000000 implements MigrationInterface {
  name = 'NotificationsParams1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'notifications_archive']) {
      await queryRunner.query(`
        ALTER TABLE notifications.${table} ADD COLUMN params jsonb,
          ALTER COLUMN title DROP NOT NULL, ALTER COLUMN message DROP NOT NULL;

        UPDATE notifications.${table} n
           SET params = jsonb_build_object('candidate', m[1], 'job', m[2])
          FROM (SELECT id, regexp_match(message, '^(.*) applied to your job "(.*)"\\.$') AS m
                  FROM notifications.${table} WHERE type = 'new_application') p
         WHERE n.id = p.id AND p.m IS NOT NULL;

        UPDATE notifications.${table} n
           SET params = jsonb_build_object('job', p.m[1], 'status', w.status)
          FROM (SELECT id, regexp_match(message, '^Your application to "(.*)" was (.*)\\.$') AS m
                  FROM notifications.${table} WHERE type = 'status_change') p
          JOIN ${STATUS_OF_WORDS} ON w.words = p.m[2]
         WHERE n.id = p.id;
      `);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'notifications_archive']) {
      // Rows written since have parameters only: give them their English text back.
      await queryRunner.query(`
        UPDATE notifications.${table}
           SET title = CASE type WHEN 'new_application' THEN 'New application received' ELSE 'Application status updated' END,
               message = CASE type
                 WHEN 'new_application' THEN (params->>'candidate') || ' applied to your job "' || (params->>'job') || '".'
                 ELSE 'Your application to "' || (params->>'job') || '" was ' || (params->>'status') || '.' END
         WHERE title IS NULL OR message IS NULL;
        UPDATE notifications.${table} SET title = coalesce(title, ''), message = coalesce(message, '');
        ALTER TABLE notifications.${table} DROP COLUMN params,
          ALTER COLUMN title SET NOT NULL, ALTER COLUMN message SET NOT NULL;
      `);
    }
  }
}
