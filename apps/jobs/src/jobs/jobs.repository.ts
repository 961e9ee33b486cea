import { Injectable } from '@nestjs/common';
import { JobChangedEvent, JobDetail, JobListItem, JobStatus, JobSummary } from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { containsPattern, searchWords, tsquerySql } from './search-query';
import { ListCursor } from './cursor';
import { JOB_CHANGED_PAYLOAD } from './job-changed';
import { Params, prepared, queryOne, queryRows } from '@app/db';

/** Columns of a list item (api.md "Job"); the description is cut to 300 characters in SQL. */
const LIST_COLUMNS = `j.id, j.title,
  CASE WHEN length(j.description) > 300 THEN left(j.description, 300) || '...' ELSE j.description END AS description,
  j.company_name, c.logo_url AS company_logo_url, j.location, j.location_type, j.job_type, j.salary_min, j.salary_max,
  j.currency, j.posted_at, j.is_featured, j.views_count, j.applications_count`;

const DETAIL_COLUMNS = `j.id, j.employer_id, j.title, j.description, j.company_name, c.logo_url AS company_logo_url, j.location,
  j.location_type, j.job_type, j.salary_min, j.salary_max, j.currency, j.posted_at, j.expires_at, j.is_featured,
  j.views_count, j.applications_count, j.requirements, j.responsibilities, j.benefits,
  c.description AS company_description, c.industry AS company_industry, c.size AS company_size, j.status, j.created_at`;

export interface PublicListFilter {
  search?: string;
  location?: string;
  job_type?: string;
  location_type?: string;
  salary_min?: number;
  featured?: boolean;
  cursor?: ListCursor;
  sort: 'newest' | 'relevance';
  limit: number;
  offset: number;
}

export type ListRow = Omit<JobListItem, 'has_applied'> & { cursor_ts?: string };
export type DetailRow = Omit<JobDetail, 'has_applied' | 'employment_type' | 'salary_range'> & {
  employer_id: number;
  expires_at: Date | null;
};

/** Stored job fields a create or update writes. */
export const JOB_COLUMNS = [
  'title',
  'description',
  'location',
  'location_type',
  'job_type',
  'salary_min',
  'salary_max',
  'currency',
  'requirements',
  'responsibilities',
  'benefits',
  'expires_at',
] as const;

@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** WHERE of the public list (everything but the keyset position), shared by the page and its count. */
  private publicWhere(filter: PublicListFilter, params: Params): { where: string; tsquery?: string } {
    // An expired posting leaves the public board (its owner still sees it in my-jobs).
    const where = [`j.status = 'published'`, `(j.expires_at IS NULL OR j.expires_at > now())`];
    const tsquery = tsquerySql(searchWords(filter.search), params);
    if (tsquery) where.push(`j.search_vector @@ ${tsquery}`);
    if (filter.location?.trim()) {
      where.push(`jobs.f_unaccent(lower(j.location)) LIKE jobs.f_unaccent(lower(${params.add(containsPattern(filter.location.trim()))}))`);
    }
    if (filter.job_type) where.push(`j.job_type = ${params.add(filter.job_type)}::jobs.job_type`);
    if (filter.location_type) where.push(`j.location_type = ${params.add(filter.location_type)}::jobs.location_type`);
    if (filter.salary_min !== undefined) where.push(`j.salary_min >= ${params.add(filter.salary_min)}`);
    if (filter.featured) where.push('j.is_featured');
    return { where: where.join(' AND '), tsquery };
  }

  /** One page of the public list (no total: see publicCount). */
  publicPage(filter: PublicListFilter): Promise<ListRow[]> {
    const params = new Params();
    const { where, tsquery } = this.publicWhere(filter, params);
    let pageWhere = where;
    if (filter.cursor) {
      pageWhere += ` AND (j.posted_at, j.id) < (${params.add(filter.cursor.postedAt)}::timestamptz, ${params.add(filter.cursor.id)})`;
    }
    const order =
      filter.sort === 'relevance' && tsquery
        ? `ts_rank(j.search_vector, ${tsquery}) DESC, j.posted_at DESC, j.id DESC`
        : 'j.posted_at DESC, j.id DESC';
    const sql = `SELECT ${LIST_COLUMNS}, j.posted_at::text AS cursor_ts
      FROM jobs.jobs j JOIN jobs.companies c ON c.id = j.company_id
      WHERE ${pageWhere} ORDER BY ${order} LIMIT ${params.add(filter.limit)} OFFSET ${params.add(filter.offset)}`;
    return queryRows<ListRow>(this.dataSource.manager, sql, params.values);
  }

  /**
   * The public list's total for a filter (position and order aside): `key` names the count (its SQL
   * and parameters) for JobTotalsCache, `count` runs it.
   */
  publicCount(filter: PublicListFilter): { key: string; count: () => Promise<number> } {
    const params = new Params();
    const { where } = this.publicWhere(filter, params);
    const sql = `SELECT count(*)::int AS n FROM jobs.jobs j WHERE ${where}`;
    return {
      key: JSON.stringify([sql, params.values]),
      count: async () => (await queryOne<{ n: number }>(this.dataSource.manager, sql, params.values))?.n ?? 0,
    };
  }

  async employerPage(employerId: number, status: JobStatus | undefined, search: string | undefined, limit: number, offset: number) {
    const params = new Params();
    const where = [`j.employer_id = ${params.add(employerId)}`];
    if (status) where.push(`j.status = ${params.add(status)}::jobs.job_status`);
    const tsquery = tsquerySql(searchWords(search), params);
    if (tsquery) where.push(`j.search_vector @@ ${tsquery}`);
    const countParams = [...params.values];
    const sql = `SELECT ${LIST_COLUMNS}, j.status
      FROM jobs.jobs j JOIN jobs.companies c ON c.id = j.company_id
      WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.id DESC LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`;
    const manager = this.dataSource.manager;
    const [rows, count] = await Promise.all([
      queryRows<ListRow>(manager, sql, params.values),
      queryOne<{ n: number }>(manager, `SELECT count(*)::int AS n FROM jobs.jobs j WHERE ${where.join(' AND ')}`, countParams),
    ]);
    return { rows, total: count?.n ?? 0 };
  }

  detail(jobId: number, manager: EntityManager = this.dataSource.manager): Promise<DetailRow | undefined> {
    return queryOne<DetailRow>(
      manager,
      `SELECT ${DETAIL_COLUMNS} FROM jobs.jobs j JOIN jobs.companies c ON c.id = j.company_id WHERE j.id = $1`,
      [jobId],
    );
  }

  /** The row an update or delete decides on, locked for the transaction. */
  lockForWrite(manager: EntityManager, jobId: number) {
    return queryOne<{
      id: number;
      employer_id: number;
      status: JobStatus;
      posted_at: Date | null;
      salary_min: number | null;
      salary_max: number | null;
      expires_at: Date | null;
    }>(manager, `SELECT id, employer_id, status, posted_at, salary_min, salary_max, expires_at FROM jobs.jobs WHERE id = $1 FOR UPDATE`, [
      jobId,
    ]);
  }

  /** Inserts the job (version 1) and answers its id and JOB_CHANGED payload. */
  async insert(manager: EntityManager, values: Record<string, unknown>): Promise<{ id: number; event: JobChangedEvent }> {
    const columns = Object.keys(values);
    const params = columns.map((_c, i) => `$${i + 1}`);
    const row = await queryOne<{ id: number; event: JobChangedEvent }>(
      manager,
      `INSERT INTO jobs.jobs (${columns.join(', ')}) VALUES (${params.join(', ')}) RETURNING id, ${JOB_CHANGED_PAYLOAD} AS event`,
      Object.values(values),
    );
    return row!;
  }

  /**
   * Writes the fields. With `bumpVersion` (a summary field is written) the version goes up by one
   * under the row lock and the JOB_CHANGED payload of the new state is answered.
   */
  async update(
    manager: EntityManager,
    jobId: number,
    values: Record<string, unknown>,
    bumpVersion: boolean,
  ): Promise<JobChangedEvent | undefined> {
    const columns = Object.keys(values);
    if (columns.length === 0) return undefined;
    const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
    const row = await queryOne<{ event: JobChangedEvent }>(
      manager,
      `UPDATE jobs.jobs SET ${set}, ${bumpVersion ? 'version = version + 1, ' : ''}updated_at = now() WHERE id = $1 RETURNING ${JOB_CHANGED_PAYLOAD} AS event`,
      [jobId, ...Object.values(values)],
    );
    return bumpVersion ? row?.event : undefined;
  }

  /** Closes published jobs past their expiry (a new version each) and answers their JOB_CHANGED payloads. */
  async closeExpired(manager: EntityManager): Promise<JobChangedEvent[]> {
    const rows = await queryRows<{ event: JobChangedEvent }>(
      manager,
      `UPDATE jobs.jobs SET status = 'closed', version = version + 1, updated_at = now()
        WHERE status = 'published' AND expires_at <= now() RETURNING ${JOB_CHANGED_PAYLOAD} AS event`,
    );
    return rows.map((r) => r.event);
  }

  async delete(manager: EntityManager, jobId: number): Promise<void> {
    await manager.query(`DELETE FROM jobs.jobs WHERE id = $1`, [jobId]);
  }

  async recentCount(days: number): Promise<number> {
    const row = await queryOne<{ n: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS n FROM jobs.jobs j WHERE j.status = 'published' AND j.posted_at >= now() - make_interval(days => $1)`,
      [days],
    );
    return row?.n ?? 0;
  }

  setFeatured(jobId: number, featured: boolean): Promise<{ id: number; is_featured: boolean } | undefined> {
    return queryOne<{ id: number; is_featured: boolean }>(
      this.dataSource.manager,
      `UPDATE jobs.jobs SET is_featured = $2, updated_at = now() WHERE id = $1 RETURNING id, is_featured`,
      [jobId, featured],
    );
  }

  /** Summaries for other services; a published job past its expiry is reported closed (JobExpiry). */
  summaries(jobIds: number[]): Promise<JobSummary[]> {
    return queryRows<JobSummary>(
      this.dataSource.manager,
      `SELECT id, title, company_name, location, location_type, job_type, salary_min, salary_max, currency,
              CASE WHEN status = 'published' AND expires_at <= now() THEN 'closed' ELSE status END AS status, employer_id
       FROM jobs.jobs WHERE id = ANY($1::int[])`,
      [jobIds],
    );
  }

  /** Adds buffered view counts in one statement (one row version per job per flush). */
  async addViews(counts: Map<number, number>): Promise<void> {
    if (counts.size === 0) return;
    await this.dataSource.query(
      `UPDATE jobs.jobs j SET views_count = j.views_count + v.n
       FROM unnest($1::int[], $2::int[]) AS v(id, n) WHERE j.id = v.id`,
      [[...counts.keys()], [...counts.values()]],
    );
  }

  async addApplications(manager: EntityManager, jobId: number, delta: 1 | -1): Promise<void> {
    await manager.query(prepared(`UPDATE jobs.jobs SET applications_count = GREATEST(applications_count + $2, 0) WHERE id = $1`), [
      jobId,
      delta,
    ]);
  }

  /** Deletes an employer's jobs, returning their ids (for JOB_DELETED). */
  async deleteByEmployer(manager: EntityManager, employerId: number): Promise<number[]> {
    const rows = await queryRows<{ id: number }>(manager, `DELETE FROM jobs.jobs WHERE employer_id = $1 RETURNING id`, [employerId]);
    return rows.map((r) => r.id);
  }
}
