import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { DashboardRole, JobsDashboardFigures } from '@app/contracts';
import { isoText } from '@app/db';

/** Activity lines from a subquery `r` of jobs (id, title, status, company_name, created_at, posted_at). */
const ACTIVITY = `coalesce(json_agg(json_build_object(
    'id', 'job-' || r.id,
    'status', r.status,
    'target', r.title || ' — ' || r.company_name,
    'time', ${isoText('coalesce(r.posted_at, r.created_at)')}, 'type', 'job')
  ORDER BY coalesce(r.posted_at, r.created_at) DESC, r.id DESC), '[]'::json)`;

/** Figures of the whole board, the same for every user: counted once per JobTotalsCache TTL, not per dashboard. */
export type BoardFigures = Pick<JobsDashboardFigures, 'published_jobs' | 'published_last_7_days' | 'total_jobs' | 'jobs_last_7_days'>;

const BOARD_SQL = `
  SELECT count(*) FILTER (WHERE status = 'published')::int AS published_jobs,
         count(*) FILTER (WHERE status = 'published' AND posted_at > now() - interval '7 days')::int AS published_last_7_days,
         count(*)::int AS total_jobs,
         count(*) FILTER (WHERE created_at > now() - interval '7 days')::int AS jobs_last_7_days
    FROM jobs.jobs`;

/** Each role's figures in ONE statement (scalar subqueries of one SELECT). */
const SQL: Record<DashboardRole, string> = {
  candidate: `
    SELECT 0 AS employer_active_jobs, 0 AS employer_jobs_last_7_days, false AS employer_has_company,
           (SELECT ${ACTIVITY} FROM (SELECT id, title, status, company_name, created_at, posted_at FROM jobs.jobs
              WHERE status = 'published' ORDER BY posted_at DESC, id DESC LIMIT 3) r) AS recent
     WHERE $1::int IS NOT NULL`,
  employer: `
    SELECT (SELECT count(*)::int FROM jobs.jobs WHERE employer_id = $1 AND status = 'published') AS employer_active_jobs,
           (SELECT count(*)::int FROM jobs.jobs WHERE employer_id = $1 AND created_at > now() - interval '7 days') AS employer_jobs_last_7_days,
           EXISTS (SELECT 1 FROM jobs.company_members WHERE user_id = $1) AS employer_has_company,
           (SELECT ${ACTIVITY} FROM (SELECT id, title, status, company_name, created_at, posted_at FROM jobs.jobs
              WHERE employer_id = $1 ORDER BY coalesce(posted_at, created_at) DESC, id DESC LIMIT 5) r) AS recent`,
  admin: `
    SELECT 0 AS employer_active_jobs, 0 AS employer_jobs_last_7_days, false AS employer_has_company,
           (SELECT ${ACTIVITY} FROM (SELECT id, title, status, company_name, created_at, posted_at FROM jobs.jobs
              ORDER BY created_at DESC, id DESC LIMIT 5) r) AS recent
     WHERE $1::int IS NOT NULL`,
};

@Injectable()
export class DashboardRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Read-only figures: the read replica when DB_READ_URL is set. */
  private get dataSource() {
    return this.read.dataSource;
  }

  /** The user's own figures and recent lines (everything but the board figures). */
  async figures(userId: number, role: DashboardRole): Promise<Omit<JobsDashboardFigures, keyof BoardFigures>> {
    const [row] = await this.dataSource.query(SQL[role], [userId]);
    return row;
  }

  async board(): Promise<BoardFigures> {
    const [row] = await this.dataSource.query(BOARD_SQL);
    return row;
  }
}
