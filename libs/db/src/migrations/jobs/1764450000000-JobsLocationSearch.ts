import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public list's location filter is a case- and accent-insensitive substring match
 * (`jobs.f_unaccent(lower(location)) LIKE '%paris%'`). A B-tree cannot serve a leading wildcard;
 * this trigram index on published jobs can, so a rare location (and the list's total count) no
 * longer reads every published row. The expression statistics let the planner see how common a
 * location is (without them it guessed 8 rows for a location 8,000 published jobs share, and sorted
 * them all instead of walking the posted_at index). The expiry index keeps the board's total an
 * index-only scan now that expired postings are hidden. Measured at the time with a 100k-job seed (now: npm run bench:explain).
 */
export class JobsLocationSearch1764450000000 implements MigrationInterface {
  name = 'JobsLocationSearch1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX jobs_published_location_trgm_idx ON jobs.jobs
        USING gin (jobs.f_unaccent(lower(location)) public.gin_trgm_ops)
        WHERE status = 'published';
      CREATE STATISTICS jobs.jobs_location_stats ON (jobs.f_unaccent(lower(location))) FROM jobs.jobs;
      -- The public board hides expired postings: the unfiltered total stays an index-only scan.
      CREATE INDEX jobs_published_expiry_idx ON jobs.jobs (expires_at) WHERE status = 'published';
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX jobs.jobs_published_expiry_idx;
      DROP STATISTICS jobs.jobs_location_stats;
      DROP INDEX jobs.jobs_published_location_trgm_idx;
    `);
  }
}
