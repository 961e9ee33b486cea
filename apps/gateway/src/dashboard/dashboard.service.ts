import { Injectable } from '@nestjs/common';
import { ServiceClient } from '@app/common';
import {
  ApplicationsDashboardFigures,
  AuthDashboardFigures,
  DASHBOARD_FIGURES,
  DashboardActivity,
  DashboardRole,
  JobsDashboardFigures,
} from '@app/contracts';

export interface DashboardStat {
  title: string;
  value: string;
  change: string;
  changeType: 'increase' | 'neutral';
  color: string;
}

export interface Dashboard {
  stats: DashboardStat[];
  recentActivities: DashboardActivity[];
  profileCompletion: number;
}

/** Most activity lines a dashboard shows (merged from the services, newest first). */
export const MAX_ACTIVITIES = 10;

interface Parts {
  auth: AuthDashboardFigures;
  jobs: JobsDashboardFigures;
  applications: ApplicationsDashboardFigures;
}

const percent = (part: number, whole: number): number => (whole > 0 ? Math.round((100 * part) / whole) : 0);

function weekly(title: string, value: number, lastWeek: number, color: string): DashboardStat {
  return { title, value: String(value), change: `+${lastWeek} this week`, changeType: lastWeek > 0 ? 'increase' : 'neutral', color };
}

function current(title: string, value: number, color: string): DashboardStat {
  return { title, value: String(value), change: 'current', changeType: 'neutral', color };
}

/** Employers: the auth profile checks plus one for belonging to a company (which the jobs service knows). */
export function profileCompletion(role: DashboardRole, parts: Pick<Parts, 'auth' | 'jobs'>): number {
  const extra = role === 'employer' ? 1 : 0;
  const done = parts.auth.profile_done + (role === 'employer' && parts.jobs.employer_has_company ? 1 : 0);
  return percent(done, parts.auth.profile_total + extra);
}

export function mergeActivities(parts: Parts): DashboardActivity[] {
  return [...parts.auth.recent, ...parts.jobs.recent, ...parts.applications.recent]
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || a.id.localeCompare(b.id))
    .slice(0, MAX_ACTIVITIES);
}

export function buildDashboard(role: DashboardRole, parts: Parts): Dashboard {
  const { jobs, applications: apps } = parts;
  const completion = profileCompletion(role, parts);
  let stats: DashboardStat[];
  if (role === 'candidate') {
    stats = [
      weekly('Applications sent', apps.sent, apps.sent_last_7_days, 'blue'),
      weekly('Available jobs', jobs.published_jobs, jobs.published_last_7_days, 'green'),
      current('Interviews', apps.candidate_interviews, 'purple'),
      {
        title: 'Profile completion',
        value: `${completion}%`,
        change: completion === 100 ? 'complete' : `${100 - completion}% to go`,
        changeType: completion === 100 ? 'increase' : 'neutral',
        color: 'orange',
      },
    ];
  } else if (role === 'employer') {
    const rate = percent(apps.responded, apps.respondable);
    stats = [
      weekly('Active jobs', jobs.employer_active_jobs, jobs.employer_jobs_last_7_days, 'blue'),
      weekly('Applications received', apps.received, apps.received_last_7_days, 'green'),
      current('Interviews', apps.employer_interviews, 'purple'),
      { title: 'Response rate', value: `${rate}%`, change: `${apps.responded} of ${apps.respondable} answered`, changeType: 'neutral', color: 'orange' },
    ];
  } else {
    stats = [
      weekly('Users', parts.auth.users, parts.auth.users_last_7_days, 'blue'),
      weekly('Jobs', jobs.total_jobs, jobs.jobs_last_7_days, 'green'),
      weekly('Applications', apps.total_applications, apps.applications_last_7_days, 'purple'),
    ];
  }
  return { stats, recentActivities: mergeActivities(parts), profileCompletion: completion };
}

/** Asks the three services in parallel (each answers with one aggregate query): as fast as the slowest. */
@Injectable()
export class DashboardService {
  constructor(private readonly services: ServiceClient) {}

  private async parts(userId: number, role: DashboardRole): Promise<Parts> {
    const req = { user_id: userId, role };
    const [auth, jobs, applications] = await Promise.all([
      this.services.request(DASHBOARD_FIGURES.auth, req),
      this.services.request(DASHBOARD_FIGURES.jobs, req),
      this.services.request(DASHBOARD_FIGURES.applications, req),
    ]);
    return { auth, jobs, applications };
  }

  async dashboard(userId: number, role: DashboardRole): Promise<Dashboard> {
    return buildDashboard(role, await this.parts(userId, role));
  }

  async activities(userId: number, role: DashboardRole): Promise<DashboardActivity[]> {
    return mergeActivities(await this.parts(userId, role));
  }
}
