import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTablesSql, dropEventTablesSql } from '../shared/event-tables';

/**
 * Schema `applications`: job applications, and the event plumbing every schema has (outbox,
 * processed_events, parked_events).
 * Migrations are frozen snapshots: each is self-contained SQL, never edited once shipped (the event
 * plumbing comes from shared/event-tables.ts, frozen in the same way).
 */
export class InitApplications1764100000000 implements MigrationInterface {
  name = 'InitApplications1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TYPE applications.application_status AS ENUM
        ('applied', 'viewed', 'shortlisted', 'interview', 'accepted', 'rejected', 'withdrawn');

      -- Ids of other services (job, candidate and employer user ids) carry no foreign key;
      -- job_title and company_name are snapshots taken at apply time.
      CREATE TABLE applications.job_applications (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_id integer NOT NULL,
        candidate_id integer NOT NULL,
        employer_id integer NOT NULL,
        job_title text NOT NULL,
        company_name text NOT NULL,
        status applications.application_status NOT NULL DEFAULT 'applied',
        cover_letter text,
        notes text,
        applied_at timestamptz NOT NULL DEFAULT now(),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- One live application per candidate and job; a rejected or withdrawn one may be re-submitted.
      CREATE UNIQUE INDEX job_applications_live_key ON applications.job_applications (candidate_id, job_id)
        WHERE status NOT IN ('rejected', 'withdrawn');
      CREATE INDEX job_applications_job_status_idx ON applications.job_applications (job_id, status);
      CREATE INDEX job_applications_candidate_status_idx ON applications.job_applications (candidate_id, status);
      CREATE INDEX job_applications_candidate_job_idx ON applications.job_applications (candidate_id, job_id);
      CREATE INDEX job_applications_employer_status_applied_idx
        ON applications.job_applications (employer_id, status, applied_at DESC);

      ${createEventTablesSql('applications')}
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ${dropEventTablesSql('applications')}
      DROP TABLE applications.job_applications;
      DROP TYPE applications.application_status;
    `);
  }
}
