import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CV sent with an application (issue 11, consent): `cv_id` is the auth service's
 * `candidate_cvs.id` that was the candidate's active CV when they applied (null: they had none).
 * The employer may read exactly that file while the application is not withdrawn.
 *
 * Rows older than this migration never recorded it: `cv_recorded` is false for them (the default
 * while the column is added) and true for every later row. For those the CV is the one the
 * candidate had at `applied_at` (their newest CV uploaded by then), never a later upload.
 * No foreign key: the CV lives in another schema.
 */
export class ApplicationsSubmittedCv1764700000000 implements MigrationInterface {
  name = 'ApplicationsSubmittedCv1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE applications.job_applications ADD COLUMN cv_id integer;
      ALTER TABLE applications.job_applications ADD COLUMN cv_recorded boolean NOT NULL DEFAULT false;
      ALTER TABLE applications.job_applications ALTER COLUMN cv_recorded SET DEFAULT true;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE applications.job_applications DROP COLUMN cv_recorded;
      ALTER TABLE applications.job_applications DROP COLUMN cv_id;
    `);
  }
}
