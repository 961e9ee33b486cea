import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Autovacuum for the seed's write rates. Every application changes its job's applications_count and
 * every view flush its views_count: with the default thresholds (20% of the table dead before a
 * vacuum) a 100k-job table keeps thousands of pages not all-visible, so the board's counts, which are
 * index-only scans, go back to the heap. A 2% threshold keeps the visibility map set; a fillfactor
 * of 90 leaves room on each page for those updates to stay HOT (no index entry per update; the
 * counters are in no index). The fillfactor applies to pages written from now on.
 *
 * The featured board (`featured=true`) is a walk of its own small index instead of a filter over
 * every published job, for its page and its total. An employer dashboard counts the jobs it created
 * this week from an index instead of reading each of its jobs.
 */
export class JobsSeedScale1764650000000 implements MigrationInterface {
  name = 'JobsSeedScale1764650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX jobs_employer_created_idx ON jobs.jobs (employer_id, created_at);
      CREATE INDEX jobs_published_featured_idx ON jobs.jobs (posted_at DESC, id DESC) WHERE status = 'published' AND is_featured;
      ALTER TABLE jobs.jobs SET (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE jobs.jobs RESET (fillfactor, autovacuum_vacuum_scale_factor,
        autovacuum_analyze_scale_factor, autovacuum_vacuum_insert_scale_factor);
      DROP INDEX jobs.jobs_published_featured_idx;
      DROP INDEX jobs.jobs_employer_created_idx;
    `);
  }
}
