import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { AdminCompaniesOfResponse, AdminJob, AdminJobsListRequest, JobsAdminStats } from '@app/contracts';

const JOB_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;

@Injectable()
export class AdminRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Read-only figures: the read replica when DB_READ_URL is set. */
  private get dataSource() {
    return this.read.dataSource;
  }

  /** Companies and jobs by status in one statement. */
  async stats(): Promise<JobsAdminStats> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM jobs.companies) AS total_companies,
              count(*)::int AS total_jobs,
              ${JOB_STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int AS "${s}"`).join(',\n              ')}
         FROM jobs.jobs`,
    );
    const jobs_by_status = Object.fromEntries(JOB_STATUSES.map((s) => [s, row[s] as number]));
    return { total_companies: row.total_companies, total_jobs: row.total_jobs, active_jobs: jobs_by_status.published, jobs_by_status };
  }

  async listJobs(req: AdminJobsListRequest): Promise<{ jobs: AdminJob[]; total: number }> {
    const params: unknown[] = [req.limit, req.skip];
    if (req.status) params.push(req.status);
    const where = req.status ? `WHERE status = $3` : '';
    const rows = await this.dataSource.query(
      `SELECT id, title, employer_id, company_id, company_name, location, location_type, job_type, status, is_featured, views_count,
              posted_at, created_at, count(*) OVER ()::int AS total
         FROM jobs.jobs ${where} ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      params,
    );
    let total = rows.length ? rows[0].total : 0;
    if (!rows.length && req.skip > 0) {
      total = (
        await this.dataSource.query(
          `SELECT count(*)::int AS n FROM jobs.jobs ${req.status ? 'WHERE status = $1' : ''}`,
          req.status ? [req.status] : [],
        )
      )[0].n;
    }
    return {
      jobs: rows.map(({ total: _t, posted_at, created_at, ...r }: Record<string, any>) => ({
        ...r,
        posted_at: posted_at ? new Date(posted_at).toISOString() : null,
        created_at: new Date(created_at).toISOString(),
      })),
      total,
    };
  }

  async companiesOf(userIds: number[]): Promise<AdminCompaniesOfResponse> {
    if (userIds.length === 0) return { members: [] };
    const members = await this.dataSource.query(
      `SELECT m.user_id, m.company_id, c.name AS company_name,
              (SELECT count(*)::int FROM jobs.jobs j WHERE j.employer_id = m.user_id) AS jobs
         FROM jobs.company_members m JOIN jobs.companies c ON c.id = m.company_id
        WHERE m.user_id = ANY($1::int[])`,
      [userIds],
    );
    return { members };
  }
}
