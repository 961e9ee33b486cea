import { rpc } from '../../message';

export class AdminStatsRequest {}

export interface AuthAdminStats {
  total_users: number;
  total_candidates: number;
  total_employers: number;
  total_admins: number;
  active_users: number;
  inactive_users: number;
  /** Users created in the last 7 days. */
  recent_signups: number;
}

export interface JobsAdminStats {
  total_companies: number;
  total_jobs: number;
  /** Published jobs. */
  active_jobs: number;
  /** Every status, zeros included. */
  jobs_by_status: Record<string, number>;
}

export interface ApplicationsAdminStats {
  total_applications: number;
}

export interface NotificationsAdminStats {
  /** Live notifications (the archive is not counted). */
  total_notifications: number;
}

/** Each service's totals (one aggregate query each) for GET /api/admin/stats and GET /api/stats/public. */
export const ADMIN_STATS = {
  auth: rpc<AdminStatsRequest, AuthAdminStats>('auth.admin.stats.v1', AdminStatsRequest),
  jobs: rpc<AdminStatsRequest, JobsAdminStats>('jobs.admin.stats.v1', AdminStatsRequest),
  applications: rpc<AdminStatsRequest, ApplicationsAdminStats>('applications.admin.stats.v1', AdminStatsRequest),
  notifications: rpc<AdminStatsRequest, NotificationsAdminStats>('notifications.admin.stats.v1', AdminStatsRequest),
} as const;
