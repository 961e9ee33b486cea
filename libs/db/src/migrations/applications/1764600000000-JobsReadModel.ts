import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applications service's own copy of the job summaries it shows and checks, fed by JOB_CHANGED
 * (an upsert that only wins with a higher `version`) and JOB_DELETED (the row goes), so applying
 * and listing make no request to the jobs service. No foreign key: `id` is jobs.jobs.id.
 */
export class JobsReadModel1764600000000 implements MigrationInterface {
  name = 'JobsReadModel1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE applications.job_summaries (
        id integer PRIMARY KEY,            -- jobs.jobs.id
        employer_id integer NOT NULL,
        title text NOT NULL,
        company_name text NOT NULL,
        location text,
        location_type text NOT NULL,
        job_type text NOT NULL,
        salary_min integer,
        salary_max integer,
        currency text NOT NULL,
        status text NOT NULL,
        expires_at timestamptz,
        version integer NOT NULL
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE applications.job_summaries`);
  }
}
