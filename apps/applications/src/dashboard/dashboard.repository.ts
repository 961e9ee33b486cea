import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '@app/common';
import { ApplicationsDashboardFigures, DashboardRole } from '@app/contracts';
import { isoText } from '@app/db';

/** Activity lines from a subquery `r` of applications (the gateway words them for the reader's role and language). */
const ACTIVITY = `coalesce(json_agg(json_build_object(
    'id', 'application-' || r.id,
    'status', r.status,
    'target', r.job_title || ' — ' || r.company_name,
    'time', ${isoText('r.at')}, 'type', 'application')
  ORDER BY r.at DESC, r.id DESC), '[]'::json)`;

const RECENT = (where: string) =>
  `(SELECT id, job_title, company_name, status, greatest(applied_at, status_changed_at) AS at
      FROM applications.job_applications ${where} ORDER BY greatest(applied_at, status_changed_at) DESC, id DESC LIMIT 5) r`;

const ZERO_CANDIDATE = `0 AS sent, 0 AS sent_last_7_days, 0 AS candidate_interviews`;
const ZERO_EMPLOYER = `0 AS received, 0 AS received_last_7_days, 0 AS employer_interviews, 0 AS responded, 0 AS respondable`;
const ZERO_ADMIN = `0 AS total_applications, 0 AS applications_last_7_days`;

/** Each role's figures in ONE statement: one scan of the role's rows with FILTERs, plus the recent lines. */
const SQL: Record<DashboardRole, string> = {
  candidate: `
    SELECT count(*)::int AS sent,
           count(*) FILTER (WHERE applied_at > now() - interval '7 days')::int AS sent_last_7_days,
           count(*) FILTER (WHERE status = 'interview')::int AS candidate_interviews,
           ${ZERO_EMPLOYER}, ${ZERO_ADMIN},
           (SELECT ${ACTIVITY} FROM ${RECENT('WHERE candidate_id = $1')}) AS recent
      FROM applications.job_applications WHERE candidate_id = $1`,
  // Response rate: applications whose status moved past "applied"; withdrawn ones are left out of
  // both sides (the candidate left before the employer could answer).
  employer: `
    SELECT ${ZERO_CANDIDATE},
           count(*)::int AS received,
           count(*) FILTER (WHERE applied_at > now() - interval '7 days')::int AS received_last_7_days,
           count(*) FILTER (WHERE status = 'interview')::int AS employer_interviews,
           count(*) FILTER (WHERE status NOT IN ('applied', 'withdrawn'))::int AS responded,
           count(*) FILTER (WHERE status <> 'withdrawn')::int AS respondable,
           ${ZERO_ADMIN},
           (SELECT ${ACTIVITY} FROM ${RECENT('WHERE employer_id = $1')}) AS recent
      FROM applications.job_applications WHERE employer_id = $1`,
  admin: `
    SELECT ${ZERO_CANDIDATE}, ${ZERO_EMPLOYER},
           count(*)::int AS total_applications,
           count(*) FILTER (WHERE applied_at > now() - interval '7 days')::int AS applications_last_7_days,
           (SELECT ${ACTIVITY} FROM ${RECENT('')}) AS recent
      FROM applications.job_applications WHERE $1::int IS NOT NULL`,
};

/**
 * An employer's own figures in the counts cache: they aggregate every application to its jobs (14,000
 * for the largest at the seed's scale, more work than the rest of its dashboard). This process forgets
 * an employer's entry when it writes one of that employer's applications, so it never answers older
 * than its own writes; another replica's writes show within CountsCache's bound (DB_COUNTS_TTL_MS).
 */
export function employerDashboardKey(employerId: number): string {
  return `dashboard:employer:${employerId}`;
}

@Injectable()
export class DashboardRepository {
  constructor(private readonly read: ReadDatabase) {}

  /** Read-only figures: the read replica when DB_READ_URL is set. */
  private get dataSource() {
    return this.read.dataSource;
  }

  async figures(userId: number, role: DashboardRole): Promise<ApplicationsDashboardFigures> {
    const [row] = await this.dataSource.query(SQL[role], [userId]);
    return row;
  }
}
