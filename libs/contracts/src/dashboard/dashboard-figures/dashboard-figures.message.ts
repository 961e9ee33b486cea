import { IsIn, IsInt, Min } from 'class-validator';
import { rpc } from '../../message';

export type DashboardRole = 'candidate' | 'employer' | 'admin';

export class DashboardFiguresRequest {
  @IsInt() @Min(1) user_id: number;
  /** Each service computes only what this role's dashboard shows. */
  @IsIn(['candidate', 'employer', 'admin']) role: DashboardRole;
}

/** One line of the dashboard's recent activity as the client reads it (api.md); `time` is ISO-8601. */
export interface DashboardActivity {
  id: string;
  action: string;
  target: string;
  time: string;
  type: string;
}

/**
 * A line as a service reports it: what happened, not words. `status` is the application's or job's
 * status, or the new user's role; the gateway writes `action` in the reader's language from it.
 */
export interface DashboardActivityFigure {
  id: string;
  type: 'application' | 'job' | 'user';
  status: string;
  target: string;
  time: string;
}

export interface AuthDashboardFigures {
  /** Profile checks met and checked (candidate: 10, employer: 4; admin 1/1); the gateway adds the employer's company. */
  profile_done: number;
  profile_total: number;
  /** admin only (else 0). */
  users: number;
  users_last_7_days: number;
  recent: DashboardActivityFigure[];
}

export interface JobsDashboardFigures {
  published_jobs: number;
  published_last_7_days: number;
  /** employer: its published jobs / jobs created in the last 7 days. */
  employer_active_jobs: number;
  employer_jobs_last_7_days: number;
  /** employer: member of a company (part of its profile completion). */
  employer_has_company: boolean;
  /** admin: every job. */
  total_jobs: number;
  jobs_last_7_days: number;
  recent: DashboardActivityFigure[];
}

export interface ApplicationsDashboardFigures {
  /** candidate: applications sent, their interviews, sent in the last 7 days. */
  sent: number;
  sent_last_7_days: number;
  candidate_interviews: number;
  /** employer: applications received, their interviews, answered (status moved past applied), received in the last 7 days. */
  received: number;
  received_last_7_days: number;
  employer_interviews: number;
  responded: number;
  /** Received minus withdrawn: the base of the response rate. */
  respondable: number;
  /** admin. */
  total_applications: number;
  applications_last_7_days: number;
  recent: DashboardActivityFigure[];
}

/** Each service's part of GET /api/dashboard, answered with one aggregate query. */
export const DASHBOARD_FIGURES = {
  auth: rpc<DashboardFiguresRequest, AuthDashboardFigures>('auth.dashboard.figures.v1', DashboardFiguresRequest),
  jobs: rpc<DashboardFiguresRequest, JobsDashboardFigures>('jobs.dashboard.figures.v1', DashboardFiguresRequest),
  applications: rpc<DashboardFiguresRequest, ApplicationsDashboardFigures>('applications.dashboard.figures.v1', DashboardFiguresRequest),
} as const;
