import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public list's location filter is a case- and accent-insensitive substring match
 * (`jobs.f_unaccent(lower(location)) LIKE '%paris%'`). A B-tree cannot serve a leading wildcard;
 * this trigram index on published jobs can, so a rare location (and the list's total count) no
 * longer reads every published row. Measured with tools/bench/seed-jobs.ts (README, "Jobs and companies").
 */
export class JobsLocationSearch1764450000000 implements MigrationInterface {
  name = 'JobsLocationSearch1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX jobs_published_location_trgm_idx ON jobs.jobs
        USING gin (jobs.f_unaccent(lower(location)) public.gin_trgm_ops)
        WHERE status = 'published';
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX jobs.jobs_published_location_trgm_idx;`);
  }
}
