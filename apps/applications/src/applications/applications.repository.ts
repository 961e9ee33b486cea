import { Injectable } from '@nestjs/common';
import { ApplicationJobSummary, ApplicationStatus } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SUMMARY_JSON } from '../job-summaries/job-summaries.repository';
import { isoText, prepared } from '@app/db';

/** The columns every application answer is built from (ISO timestamps, numbers as numbers). */
const COLUMNS = `id, job_id, candidate_id, employer_id, job_title, company_name, status, cover_letter, notes, cv_id, cv_recorded,
  ${isoText('applied_at')} AS applied_at`;

/**
 * The job's summary from this service's read model (applications.job_summaries), or null when the
 * row is missing (job deleted, or its event not arrived yet): one query with the applications.
 */
const JOB_SUMMARY = `(SELECT ${SUMMARY_JSON} FROM applications.job_summaries s WHERE s.id = job_applications.job_id) AS job`;

export interface ApplicationRow {
  id: number;
  job_id: number;
  candidate_id: number;
  employer_id: number;
  job_title: string;
  company_name: string;
  status: ApplicationStatus;
  cover_letter: string | null;
  notes: string | null;
  /** The CV sent with it (auth.candidate_cvs.id); `cv_recorded` false: applied before that was recorded. */
  cv_id: number | null;
  cv_recorded: boolean;
  applied_at: string;
}

/** A candidate's application with its job's current summary (null: only the apply-time snapshot is left). */
export type CandidateApplicationRow = ApplicationRow & { job: ApplicationJobSummary | null };

export interface NewApplication {
  job_id: number;
  candidate_id: number;
  employer_id: number;
  job_title: string;
  company_name: string;
  cover_letter: string | null;
  cv_id: number | null;
}

export interface ListFilter {
  status?: ApplicationStatus;
  job_id?: number;
  limit: number;
  offset: number;
}

/** The SQL of applications.job_applications. */
@Injectable()
export class ApplicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the application and, in the same statement, its event (`event`: Outbox.eventOf over `inserted`). */
  async insert(
    app: NewApplication,
    event: (fact: string, firstParam: number) => { sql: string; params: unknown[] },
  ): Promise<ApplicationRow> {
    const outbox = event('inserted', 8);
    const [row] = await this.dataSource.query(
      prepared(`WITH inserted AS (
         INSERT INTO applications.job_applications (job_id, candidate_id, employer_id, job_title, company_name, cover_letter, cv_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}
       ), event AS (${outbox.sql})
       SELECT * FROM inserted`),
      [app.job_id, app.candidate_id, app.employer_id, app.job_title, app.company_name, app.cover_letter, app.cv_id, ...outbox.params],
    );
    return row;
  }

  async findForCandidate(candidateId: number, id: number): Promise<CandidateApplicationRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS}, ${JOB_SUMMARY} FROM applications.job_applications WHERE id = $1 AND candidate_id = $2`,
      [id, candidateId],
    );
    return row;
  }

  /** Locks the row for a status change, so two concurrent changes are applied one after the other. */
  async lockForCandidate(manager: EntityManager, candidateId: number, id: number): Promise<ApplicationRow | undefined> {
    const [row] = await manager.query(
      `SELECT ${COLUMNS} FROM applications.job_applications WHERE id = $1 AND candidate_id = $2 FOR UPDATE`,
      [id, candidateId],
    );
    return row;
  }

  async lockForEmployer(manager: EntityManager, employerId: number, id: number): Promise<ApplicationRow | undefined> {
    const [row] = await manager.query(
      `SELECT ${COLUMNS} FROM applications.job_applications WHERE id = $1 AND employer_id = $2 FOR UPDATE`,
      [id, employerId],
    );
    return row;
  }

  findForEmployer(employerId: number, id: number): Promise<ApplicationRow | undefined> {
    return this.dataSource
      .query(`SELECT ${COLUMNS} FROM applications.job_applications WHERE id = $1 AND employer_id = $2`, [id, employerId])
      .then((rows: ApplicationRow[]) => rows[0]);
  }

  async setStatus(manager: EntityManager, id: number, status: ApplicationStatus): Promise<string> {
    // UPDATE/DELETE answer [rows, rowCount] through TypeORM's query().
    const [[row]] = await manager.query(
      `UPDATE applications.job_applications SET status = $2, status_changed_at = now(), updated_at = now() WHERE id = $1
       RETURNING ${isoText('status_changed_at')} AS changed_at`,
      [id, status],
    );
    return row.changed_at;
  }

  async setNotes(employerId: number, id: number, notes: string | null): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE applications.job_applications SET notes = $3, updated_at = now() WHERE id = $1 AND employer_id = $2`,
      [id, employerId, notes],
    );
    return count > 0;
  }

  async listForCandidate(candidateId: number, filter: ListFilter): Promise<{ rows: CandidateApplicationRow[]; total: number }> {
    return this.list('candidate_id', candidateId, filter, `${COLUMNS}, ${JOB_SUMMARY}`);
  }

  async listForEmployer(employerId: number, filter: ListFilter): Promise<{ rows: ApplicationRow[]; total: number }> {
    return this.list('employer_id', employerId, filter, COLUMNS);
  }

  private async list(owner: 'candidate_id' | 'employer_id', ownerId: number, filter: ListFilter, columns: string) {
    const where = [`${owner} = $1`];
    const params: unknown[] = [ownerId];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.job_id !== undefined) {
      params.push(filter.job_id);
      where.push(`job_id = $${params.length}`);
    }
    const clause = where.join(' AND ');
    // The page and its total side by side (two pooled connections): one round trip of latency, not two.
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM applications.job_applications WHERE ${clause}`, params),
      this.dataSource.query(
        `SELECT ${columns} FROM applications.job_applications WHERE ${clause}
         ORDER BY job_applications.applied_at DESC, job_applications.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`,
        params,
      ),
    ]);
    return { rows, total };
  }

  /** Jobs among these to which the candidate has a live application. */
  async liveJobIds(candidateId: number, jobIds: number[]): Promise<number[]> {
    if (jobIds.length === 0) return [];
    const rows: Array<{ job_id: number }> = await this.dataSource.query(
      `SELECT DISTINCT job_id FROM applications.job_applications
        WHERE candidate_id = $1 AND job_id = ANY($2::int[]) AND status NOT IN ('rejected', 'withdrawn')`,
      [candidateId, jobIds],
    );
    return rows.map((r) => r.job_id);
  }

  async deleteByCandidate(manager: EntityManager, candidateId: number): Promise<ApplicationRow[]> {
    const [rows] = await manager.query(`DELETE FROM applications.job_applications WHERE candidate_id = $1 RETURNING ${COLUMNS}`, [
      candidateId,
    ]);
    return rows;
  }

  async deleteByEmployer(manager: EntityManager, employerId: number): Promise<number> {
    const [, count] = await manager.query(`DELETE FROM applications.job_applications WHERE employer_id = $1`, [employerId]);
    return count;
  }

  async deleteByJob(manager: EntityManager, jobId: number): Promise<number> {
    const [, count] = await manager.query(`DELETE FROM applications.job_applications WHERE job_id = $1`, [jobId]);
    return count;
  }
}
