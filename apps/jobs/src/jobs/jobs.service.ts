import { Injectable } from '@nestjs/common';
import { CountsCache, DomainError, Outbox, pageFields, pageOffset } from '@app/common';
import {
  JOB_DELETED,
  JobCreateRequest,
  JobDetail,
  JobListItem,
  JobListRequest,
  JobPage,
  JOBS_ERRORS,
  JobStatus,
  JobSummary,
  JobUpdateRequest,
  msg,
  MyJobsRequest,
} from '@app/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CompaniesRepository } from '../companies/companies.repository';
import { decodeCursor, encodeCursor } from './cursor';
import { enqueueJobChanges, SUMMARY_FIELDS } from './job-changed';
import { JobViewsBuffer } from './job-views.buffer';
import { DetailRow, JOB_COLUMNS, JobsRepository, ListRow, PublicListFilter } from './jobs.repository';
import { pgCode, pgConstraint, PG_CHECK_VIOLATION } from '@app/db';

/**
 * Status lifecycle: draft → published → closed → archived. Also allowed: a draft may be archived
 * (discarded), and a closed job may be published again (re-opened; it keeps its first posted_at).
 * Nothing comes back from archived, and nothing goes back to draft once published.
 */
export const STATUS_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  draft: ['published', 'archived'],
  published: ['closed'],
  closed: ['published', 'archived'],
  archived: [],
};

/** Columns that cannot be null: a null in an update means "keep". */
const REQUIRED = new Set(['title', 'description', 'location_type', 'job_type', 'currency']);

const NUMBER = new Intl.NumberFormat('en-US');

export function salaryRange(min: number | null, max: number | null, currency: string): string | null {
  if (min === null || max === null) return null;
  return `${NUMBER.format(min)} - ${NUMBER.format(max)} ${currency}`;
}

function checkSalary(min: number | null | undefined, max: number | null | undefined): void {
  if (min !== null && min !== undefined && max !== null && max !== undefined && min > max) {
    throw new DomainError(JOBS_ERRORS.INVALID_SALARY_RANGE, undefined, { salary_min: min, salary_max: max });
  }
}

function checkDates(postedAt: Date | null, expiresAt: Date | null): void {
  if (expiresAt && postedAt && expiresAt < postedAt) {
    throw new DomainError(JOBS_ERRORS.INVALID_DATES);
  }
}

@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly companies: CompaniesRepository,
    private readonly views: JobViewsBuffer,
    private readonly totals: CountsCache,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
  ) {}

  async create(req: JobCreateRequest): Promise<JobDetail> {
    // Only draft or published: the contract refuses any other status (JOB_CREATE_STATUSES).
    const status = req.status ?? 'published';
    checkSalary(req.salary_min, req.salary_max);
    const postedAt = status === 'published' ? new Date() : null;
    const expiresAt = req.expires_at ? new Date(req.expires_at) : null;
    checkDates(postedAt, expiresAt);
    const id = await this.write(async (manager) => {
      const companyId = await this.companies.membership(req.employer_id, manager);
      const company = companyId === null ? undefined : await this.companies.forNewJob(manager, companyId);
      if (!company) throw new DomainError(JOBS_ERRORS.COMPANY_REQUIRED);
      const values: Record<string, unknown> = {
        employer_id: req.employer_id,
        company_id: company.id,
        company_name: company.name,
        status,
        posted_at: postedAt,
      };
      for (const column of JOB_COLUMNS) {
        const value = (req as unknown as Record<string, unknown>)[column];
        if (value !== undefined && !(value === null && REQUIRED.has(column))) values[column] = value;
      }
      const inserted = await this.jobs.insert(manager, values);
      await enqueueJobChanges(this.outbox, manager, [inserted.event]);
      return inserted.id;
    });
    return this.detailOf((await this.jobs.detail(id))!);
  }

  async update(req: JobUpdateRequest): Promise<JobDetail> {
    await this.write(async (manager) => {
      const job = await this.ownedForWrite(manager, req.job_id, req.employer_id);
      const values: Record<string, unknown> = {};
      for (const column of JOB_COLUMNS) {
        const value = (req as unknown as Record<string, unknown>)[column];
        if (value !== undefined && !(value === null && REQUIRED.has(column))) values[column] = value;
      }
      checkSalary(
        'salary_min' in values ? (values.salary_min as number | null) : job.salary_min,
        'salary_max' in values ? (values.salary_max as number | null) : job.salary_max,
      );
      let postedAt = job.posted_at;
      if (req.status && req.status !== job.status) {
        if (!STATUS_TRANSITIONS[job.status].includes(req.status)) {
          throw new DomainError(JOBS_ERRORS.INVALID_STATUS_TRANSITION, msg('error.job.transition', { from: job.status, to: req.status }), {
            from: job.status,
            to: req.status,
            allowed: STATUS_TRANSITIONS[job.status],
          });
        }
        values.status = req.status;
        if (req.status === 'published' && !postedAt) postedAt = values.posted_at = new Date();
      }
      const expiresAt = 'expires_at' in values ? (values.expires_at ? new Date(values.expires_at as string) : null) : job.expires_at;
      checkDates(postedAt, expiresAt);
      // Other services keep the summary (JOB_CHANGED); a description-only edit is not theirs to hear of.
      const changed = await this.jobs.update(
        manager,
        job.id,
        values,
        Object.keys(values).some((c) => SUMMARY_FIELDS.has(c)),
      );
      if (changed) await enqueueJobChanges(this.outbox, manager, [changed]);
    });
    return this.detailOf((await this.jobs.detail(req.job_id))!);
  }

  async delete(employerId: number, jobId: number): Promise<{ deleted: true }> {
    await this.write(async (manager) => {
      const job = await this.ownedForWrite(manager, jobId, employerId);
      await this.jobs.delete(manager, job.id);
      await this.outbox.enqueue(manager, JOB_DELETED, { job_id: job.id, employer_id: job.employer_id });
    });
    return { deleted: true };
  }

  /** Published, unexpired jobs to everyone; the owner also sees its own jobs of any status. Counts a view unless the owner looks. */
  async get(jobId: number, viewerId?: number): Promise<JobDetail> {
    const row = await this.jobs.detail(jobId);
    const isOwner = row !== undefined && viewerId !== undefined && row.employer_id === viewerId;
    const expired = row?.expires_at != null && new Date(row.expires_at) <= new Date();
    if (!row || ((row.status !== 'published' || expired) && !isOwner)) throw new DomainError(JOBS_ERRORS.NOT_FOUND);
    if (!isOwner) this.views.record(row.id);
    return this.detailOf({ ...row, views_count: row.views_count + this.views.pendingFor(row.id) });
  }

  async list(req: JobListRequest): Promise<JobPage> {
    const cursor = req.cursor ? decodeCursor(req.cursor) : undefined;
    const sort = req.sort === 'relevance' && req.search ? 'relevance' : 'newest';
    // A cursor replaces the page number; relevance order has no keyset, it pages by number only.
    const useCursor = cursor !== undefined && sort === 'newest';
    const filter: PublicListFilter = {
      search: req.search,
      location: req.location,
      job_type: req.job_type,
      location_type: req.location_type,
      salary_min: req.salary_min,
      featured: req.featured,
      cursor: useCursor ? cursor : undefined,
      sort,
      limit: req.limit,
      offset: useCursor ? 0 : pageOffset(req.page, req.limit),
    };
    const { key, count } = this.jobs.publicCount(filter);
    const [rows, total] = await Promise.all([this.jobs.publicPage(filter), this.totals.get(key, count)]);
    const last = rows[rows.length - 1];
    const nextCursor =
      sort === 'newest' && rows.length === req.limit && last?.cursor_ts ? encodeCursor({ postedAt: last.cursor_ts, id: last.id }) : null;
    return { jobs: rows.map((r) => this.listItem(r)), ...pageFields(total, req.page, req.limit), next_cursor: nextCursor };
  }

  async myJobs(req: MyJobsRequest): Promise<JobPage> {
    const offset = pageOffset(req.page, req.limit);
    const { rows, total } = await this.jobs.employerPage(req.employer_id, req.status_filter, req.search, req.limit, offset);
    return { jobs: rows.map((r) => this.listItem(r)), ...pageFields(total, req.page, req.limit), next_cursor: null };
  }

  async recent(days: number): Promise<{ count: number; days: number }> {
    return { count: await this.jobs.recentCount(days), days };
  }

  /** An admin's choice, on any job (a featured job shows as such once it is published). */
  async setFeatured(jobId: number, featured: boolean): Promise<{ id: number; is_featured: boolean }> {
    const row = await this.jobs.setFeatured(jobId, featured);
    this.totals.invalidate();
    if (!row) throw new DomainError(JOBS_ERRORS.NOT_FOUND);
    return row;
  }

  async summaries(jobIds: number[]): Promise<{ jobs: JobSummary[] }> {
    if (jobIds.length === 0) return { jobs: [] };
    return { jobs: await this.jobs.summaries(jobIds) };
  }

  private listItem(row: ListRow): JobListItem {
    const { cursor_ts: _cursor, ...item } = row;
    return { ...item, has_applied: false };
  }

  private detailOf(row: DetailRow): JobDetail {
    const { employer_id: _employer, expires_at: _expires, ...rest } = row;
    return {
      ...rest,
      has_applied: false,
      employment_type: row.job_type,
      salary_range: salaryRange(row.salary_min, row.salary_max, row.currency),
    };
  }

  /** The job, locked, if the caller owns it: another's draft is 404 (never leaked), another's visible job 403. */
  private async ownedForWrite(manager: EntityManager, jobId: number, employerId: number) {
    const job = await this.jobs.lockForWrite(manager, jobId);
    if (!job || (job.employer_id !== employerId && job.status === 'draft')) throw new DomainError(JOBS_ERRORS.NOT_FOUND);
    if (job.employer_id !== employerId) throw new DomainError(JOBS_ERRORS.NOT_OWNER);
    return job;
  }

  /** A write transaction; the database's own checks (salary, dates) come back as the same stable codes. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.dataSource.transaction(work);
      this.totals.invalidate();
      return result;
    } catch (err) {
      if (pgCode(err) === PG_CHECK_VIOLATION) {
        const constraint = pgConstraint(err);
        if (constraint === 'jobs_dates_check') throw new DomainError(JOBS_ERRORS.INVALID_DATES);
        throw new DomainError(JOBS_ERRORS.INVALID_SALARY_RANGE, undefined, { constraint });
      }
      throw err;
    }
  }
}
