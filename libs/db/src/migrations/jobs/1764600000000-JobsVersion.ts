import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `version` of a job: one more at each change of its summary (create = 1), carried by JOB_CHANGED,
 * so a service keeping the summary (applications.job_summaries) keeps the newest state whatever the
 * order in which copies of the events reach it. The backfill enqueues one JOB_CHANGED per existing
 * job (the row shape Outbox.enqueue writes; the payload is JOB_CHANGED_PAYLOAD of
 * apps/jobs/src/jobs/job-changed.ts, copied here because a migration is a frozen snapshot), so the
 * read model of an existing installation fills itself once the relay has published them.
 */
export class JobsVersion1764600000000 implements MigrationInterface {
  name = 'JobsVersion1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE jobs.jobs ADD COLUMN version integer NOT NULL DEFAULT 1;

      INSERT INTO jobs.outbox (id, subject, payload, headers)
      SELECT gen_random_uuid(), 'events.jobs.job.changed.v1', jsonb_build_object(
               'job_id', id, 'employer_id', employer_id, 'title', title, 'company_name', company_name, 'location', location,
               'location_type', location_type::text, 'job_type', job_type::text, 'salary_min', salary_min, 'salary_max', salary_max,
               'currency', currency::text, 'status', status::text,
               'expires_at', to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'version', version),
             '{}'::jsonb
        FROM jobs.jobs ORDER BY id;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The backfilled events are facts already published (or about to be): they stay in the outbox.
    await queryRunner.query(`ALTER TABLE jobs.jobs DROP COLUMN version`);
  }
}
