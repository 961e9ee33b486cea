import { Injectable } from '@nestjs/common';
import { CvListItem } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { queryOne, queryRows } from '@app/db';

export interface CvMeta {
  id: number;
  filename: string;
  content_type: string;
  file_size: number;
}

@Injectable()
export class CvsRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** A chunk replaces an earlier copy of itself (a retried request), never another user's upload. */
  async stageChunk(userId: number, uploadId: string, index: number, data: Buffer): Promise<boolean> {
    const rows = await queryRows(
      this.manager,
      `INSERT INTO auth.cv_upload_chunks (upload_id, chunk_index, user_id, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (upload_id, chunk_index) DO UPDATE SET data = EXCLUDED.data, created_at = now()
       WHERE auth.cv_upload_chunks.user_id = EXCLUDED.user_id
       RETURNING chunk_index`,
      [uploadId, index, userId, data],
    );
    return rows.length === 1;
  }

  /** Count, total size, highest index (contiguous iff last_index = chunks - 1) and the first bytes. */
  stagedSummary(
    manager: EntityManager,
    userId: number,
    uploadId: string,
  ): Promise<{ chunks: number; size: number; last_index: number | null; head: Buffer | null } | undefined> {
    return queryOne(
      manager,
      `SELECT count(*)::int AS chunks, coalesce(sum(length(data)), 0)::int AS size, max(chunk_index) AS last_index,
              (SELECT substring(data from 1 for 5) FROM auth.cv_upload_chunks WHERE upload_id = $1 AND user_id = $2 AND chunk_index = 0) AS head
       FROM auth.cv_upload_chunks WHERE upload_id = $1 AND user_id = $2`,
      [uploadId, userId],
    );
  }

  /** Assembles the staged chunks into the candidate's new active CV (in the caller's transaction). */
  async commit(
    manager: EntityManager,
    candidateId: number,
    userId: number,
    uploadId: string,
    filename: string,
  ): Promise<{ id: number; created_at: Date }> {
    await manager.query(`UPDATE auth.candidate_cvs SET is_active = false WHERE candidate_id = $1 AND is_active`, [candidateId]);
    const row = await queryOne<{ id: number; created_at: Date }>(
      manager,
      `WITH whole AS (
         SELECT string_agg(data, ''::bytea ORDER BY chunk_index) AS content
         FROM auth.cv_upload_chunks WHERE upload_id = $3 AND user_id = $4
       )
       INSERT INTO auth.candidate_cvs (candidate_id, filename, content, content_type, file_size, sha256, is_active)
       SELECT $1, $2, content, 'application/pdf', length(content), encode(sha256(content), 'hex'), true FROM whole
       RETURNING id, created_at`,
      [candidateId, filename, uploadId, userId],
    );
    await manager.query(`DELETE FROM auth.cv_upload_chunks WHERE upload_id = $1`, [uploadId]);
    return row!;
  }

  async setCandidateCv(
    manager: EntityManager,
    candidateId: number,
    cv: { id: number; filename: string; created_at: Date } | undefined,
  ): Promise<void> {
    await manager.query(`UPDATE auth.candidates SET cv_url = $2, cv_filename = $3, cv_uploaded_at = $4, updated_at = now() WHERE id = $1`, [
      candidateId,
      cv ? `/api/candidates/cvs/${cv.id}/download` : null,
      cv?.filename ?? null,
      cv?.created_at ?? null,
    ]);
  }

  async list(candidateId: number): Promise<CvListItem[]> {
    const rows = await queryRows<Omit<CvListItem, 'created_at'> & { created_at: Date }>(
      this.manager,
      `SELECT id, filename, file_size, is_active, created_at FROM auth.candidate_cvs WHERE candidate_id = $1 ORDER BY created_at DESC, id DESC`,
      [candidateId],
    );
    return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
  }

  /** `cvId` undefined: the active CV, or with `uploadedBy` the newest one uploaded at or before it. */
  findMeta(candidateId: number, cvId?: number, uploadedBy?: string): Promise<CvMeta | undefined> {
    const columns = 'id, filename, content_type, file_size';
    if (cvId !== undefined) {
      return queryOne<CvMeta>(this.manager, `SELECT ${columns} FROM auth.candidate_cvs WHERE candidate_id = $1 AND id = $2`, [
        candidateId,
        cvId,
      ]);
    }
    if (uploadedBy !== undefined) {
      return queryOne<CvMeta>(
        this.manager,
        `SELECT ${columns} FROM auth.candidate_cvs WHERE candidate_id = $1 AND created_at <= $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
        [candidateId, uploadedBy],
      );
    }
    return queryOne<CvMeta>(this.manager, `SELECT ${columns} FROM auth.candidate_cvs WHERE candidate_id = $1 AND is_active`, [candidateId]);
  }

  async readSlice(cvId: number, offset: number, length: number): Promise<Buffer> {
    const row = await queryOne<{ data: Buffer }>(
      this.manager,
      `SELECT substring(content from $2 for $3) AS data FROM auth.candidate_cvs WHERE id = $1`,
      [cvId, offset + 1, length],
    );
    return row?.data ?? Buffer.alloc(0);
  }

  async delete(manager: EntityManager, candidateId: number, cvId: number): Promise<{ is_active: boolean } | undefined> {
    return queryOne(manager, `DELETE FROM auth.candidate_cvs WHERE id = $1 AND candidate_id = $2 RETURNING is_active`, [cvId, candidateId]);
  }

  /** Makes the newest remaining CV the active one (after the active one was deleted). */
  activateNewest(manager: EntityManager, candidateId: number): Promise<{ id: number; filename: string; created_at: Date } | undefined> {
    return queryOne(
      manager,
      `UPDATE auth.candidate_cvs SET is_active = true
       WHERE id = (SELECT id FROM auth.candidate_cvs WHERE candidate_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1)
       RETURNING id, filename, created_at`,
      [candidateId],
    );
  }

  /** Locks the candidate row: uploads and deletions of one candidate's CVs are serialised. */
  async lockCandidate(manager: EntityManager, candidateId: number): Promise<void> {
    await manager.query(`SELECT id FROM auth.candidates WHERE id = $1 FOR UPDATE`, [candidateId]);
  }
}
