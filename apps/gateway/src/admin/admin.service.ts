import { Injectable } from '@nestjs/common';
import { RemoteError, ServiceClient } from '@app/common';
import {
  ADMIN_STATS,
  APPLICATIONS_ADMIN_COUNTS,
  AUTH_ADMIN_EMPLOYERS_LIST,
  AUTH_ADMIN_USER_DELETE,
  AUTH_ADMIN_USER_GET,
  AUTH_ADMIN_USER_SET_ACTIVE,
  AUTH_ADMIN_USERS_LIST,
  DbReport,
  JOBS_ADMIN_COMPANIES_OF,
  JOBS_ADMIN_JOBS_LIST,
  JOBS_ADMIN_SET_FEATURED,
  MaintenanceRunResponse,
  okMessage,
  OPS_DB_REPORT,
  OPS_MAINTENANCE_RUN,
  OPS_PARKED_LIST,
  OPS_PARKED_REPLAY,
  ParkedListResponse,
  SERVICE_NAMES,
  ServiceName,
} from '@app/contracts';
import { UserStatusCache } from '../security';
import { AdminJobsQuery, AdminPageQuery, AdminUsersQuery } from './dto/admin.dto';

type Outcome<T> = T | { error: { code: string; message: string } };

/** Every service at once; a service that fails is reported as such beside the others' answers. */
async function fromEveryService<T>(ask: (service: ServiceName) => Promise<T>): Promise<Record<ServiceName, Outcome<T>>> {
  const settled = await Promise.allSettled(SERVICE_NAMES.map(ask));
  return Object.fromEntries(
    settled.map((s, i) => [
      SERVICE_NAMES[i],
      s.status === 'fulfilled'
        ? s.value
        : {
            error:
              s.reason instanceof RemoteError
                ? { code: s.reason.code, message: s.reason.message }
                : { code: 'INTERNAL', message: String(s.reason) },
          },
    ]),
  ) as Record<ServiceName, Outcome<T>>;
}

@Injectable()
export class AdminService {
  constructor(
    private readonly services: ServiceClient,
    private readonly statuses: UserStatusCache,
  ) {}

  /** The four services' totals, asked in parallel. */
  async stats() {
    const [auth, jobs, applications, notifications] = await Promise.all([
      this.services.request(ADMIN_STATS.auth, {}),
      this.services.request(ADMIN_STATS.jobs, {}),
      this.services.request(ADMIN_STATS.applications, {}),
      this.services.request(ADMIN_STATS.notifications, {}),
    ]);
    return {
      total_users: auth.total_users,
      total_candidates: auth.total_candidates,
      total_employers: auth.total_employers,
      total_admins: auth.total_admins,
      total_companies: jobs.total_companies,
      total_jobs: jobs.total_jobs,
      total_applications: applications.total_applications,
      total_notifications: notifications.total_notifications,
      active_users: auth.active_users,
      inactive_users: auth.inactive_users,
      jobs_by_status: jobs.jobs_by_status,
      recent_signups: auth.recent_signups,
    };
  }

  users(query: AdminUsersQuery) {
    return this.services.request(AUTH_ADMIN_USERS_LIST, {
      skip: query.skip,
      limit: query.limit,
      role: query.role,
      is_active: query.is_active,
      search: query.search,
    });
  }

  /** Employers from auth, each with its company from the jobs service. */
  async employers(query: AdminPageQuery) {
    const { employers, total } = await this.services.request(AUTH_ADMIN_EMPLOYERS_LIST, { skip: query.skip, limit: query.limit });
    const { members } = await this.services.request(JOBS_ADMIN_COMPANIES_OF, { user_ids: employers.map((e) => e.user_id) });
    const byUser = new Map(members.map((m) => [m.user_id, m]));
    return {
      employers: employers.map((e) => {
        const member = byUser.get(e.user_id);
        return { ...e, company_id: member?.company_id ?? null, company_name: member?.company_name ?? null, jobs_count: member?.jobs ?? 0 };
      }),
      total,
      skip: query.skip,
      limit: query.limit,
    };
  }

  /** Jobs from the jobs service, with application counts counted by the applications service. */
  async jobs(query: AdminJobsQuery) {
    const { jobs, total } = await this.services.request(JOBS_ADMIN_JOBS_LIST, {
      skip: query.skip,
      limit: query.limit,
      status: query.status,
    });
    const { counts } = await this.services.request(APPLICATIONS_ADMIN_COUNTS, { job_ids: jobs.map((j) => j.id) });
    return {
      jobs: jobs.map((j) => ({ ...j, applications_count: counts[String(j.id)] ?? 0 })),
      total,
      skip: query.skip,
      limit: query.limit,
    };
  }

  setFeatured(jobId: number, featured: boolean) {
    return this.services.request(JOBS_ADMIN_SET_FEATURED, { job_id: jobId, is_featured: featured });
  }

  me(adminId: number) {
    return this.services.request(AUTH_ADMIN_USER_GET, { user_id: adminId });
  }

  async setActive(adminId: number, userId: number, isActive: boolean) {
    const user = await this.services.request(AUTH_ADMIN_USER_SET_ACTIVE, { actor_id: adminId, user_id: userId, is_active: isActive });
    // This gateway stops trusting its cached status now; other gateway replicas within USER_STATUS_TTL_MS.
    this.statuses.forget(userId);
    return { ...okMessage(isActive ? 'ok.user_activated' : 'ok.user_deactivated'), user };
  }

  async delete(adminId: number, userId: number) {
    const result = await this.services.request(AUTH_ADMIN_USER_DELETE, { actor_id: adminId, user_id: userId });
    this.statuses.forget(userId);
    return result;
  }

  async monitoring(slowMs?: number): Promise<{ generated_at: string; services: Record<ServiceName, Outcome<DbReport>> }> {
    const services = await fromEveryService((s) => this.services.request(OPS_DB_REPORT[s], { slow_ms: slowMs }));
    return { generated_at: new Date().toISOString(), services };
  }

  async parkedEvents(limit: number): Promise<{ services: Record<ServiceName, Outcome<ParkedListResponse>> }> {
    return { services: await fromEveryService((s) => this.services.request(OPS_PARKED_LIST[s], { limit })) };
  }

  replayParked(service: ServiceName, id: number) {
    return this.services.request(OPS_PARKED_REPLAY[service], { id });
  }

  async runMaintenance(): Promise<{ services: Record<ServiceName, Outcome<MaintenanceRunResponse>> }> {
    // Archiving a backlog may take longer than an ordinary request.
    return { services: await fromEveryService((s) => this.services.request(OPS_MAINTENANCE_RUN[s], {}, { timeoutMs: 60000 })) };
  }
}
