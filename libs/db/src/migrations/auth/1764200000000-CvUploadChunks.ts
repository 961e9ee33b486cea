import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staging for chunked CV uploads: NATS messages are capped (1 MB by default) and a CV may be 5 MB,
 * so the gateway sends ≤512 KB chunks that land here (whichever replica takes them) and a commit
 * assembles them into auth.candidate_cvs. Abandoned uploads are purged on a schedule.
 */
export class CvUploadChunks1764200000000 implements MigrationInterface {
  name = 'CvUploadChunks1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE auth.cv_upload_chunks (
        upload_id uuid NOT NULL,
        chunk_index integer NOT NULL CONSTRAINT cv_upload_chunks_index_check CHECK (chunk_index >= 0),
        user_id integer NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (upload_id, chunk_index)
      );
      CREATE INDEX cv_upload_chunks_created_idx ON auth.cv_upload_chunks (created_at);
      CREATE INDEX cv_upload_chunks_user_idx ON auth.cv_upload_chunks (user_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE auth.cv_upload_chunks;`);
  }
}
