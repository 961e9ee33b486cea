import { Injectable } from '@nestjs/common';
import { ServiceClient } from '@app/common';
import {
  ApplicationsDashboardFigures,
  AuthDashboardFigures,
  DASHBOARD_FIGURES,
  DashboardActivity,
  DashboardActivityFigure,
  DashboardRole,
  JobsDashboardFigures,
  Locale,
  MessageKey,
  t,
} from '@app/contracts';

interface DashboardStat {
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

type StatKey = Extract<MessageKey, `dashboard.stat.${string}`>;

function weekly(locale: Locale, title: StatKey, value: number, lastWeek: number, color: string): DashboardStat {
  return {
    title: t(locale, title),
    value: String(value),
    change: t(locale, 'dashboard.change.this_week', { count: lastWeek }),
    changeType: lastWeek > 0 ? 'increase' : 'neutral',
    color,
  };
}

function current(locale: Locale, title: StatKey, value: number, color: string): DashboardStat {
  return { title: t(locale, title), value: String(value), change: t(locale, 'dashboard.change.current'), changeType: 'neutral', color };
}

/** A service's activity line in words: for the candidate, their own application; for the others, one received. */
function activityAction(locale: Locale, role: DashboardRole, a: DashboardActivityFigure): string {
  if (a.type === 'user') return t(locale, 'dashboard.activity.user_signed_up', { role: a.status });
  if (a.type === 'job') return t(locale, 'dashboard.activity.job', { status: a.status });
  if (a.status === 'applied')
    return t(locale, role === 'candidate' ? 'dashboard.activity.application_sent' : 'dashboard.activity.application_received');
  return t(locale, 'dashboard.activity.application_status', { status: a.status });
}

/** Employers: the auth profile checks plus one for belonging to a company (which the jobs service knows). */
export function profileCompletion(role: DashboardRole, parts: Pick<Parts, 'auth' | 'jobs'>): number {
  const extra = role === 'employer' ? 1 : 0;
  const done = parts.auth.profile_done + (role === 'employer' && parts.jobs.employer_has_company ? 1 : 0);
  return percent(done, parts.auth.profile_total + extra);
}

export function mergeActivities(parts: Parts, role: DashboardRole, locale: Locale): DashboardActivity[] {
  return [...parts.auth.recent, ...parts.jobs.recent, ...parts.applications.recent]
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || a.id.localeCompare(b.id))
    .slice(0, MAX_ACTIVITIES)
    .map((a) => ({ id: a.id, action: activityAction(locale, role, a), target: a.target, time: a.time, type: a.type }));
}

/** The dashboard of a role in the reader's language (titles, changes, activity lines; values stay figures). */
export function buildDashboard(role: DashboardRole, parts: Parts, locale: Locale): Dashboard {
  const { jobs, applications: apps } = parts;
  const completion = profileCompletion(role, parts);
  let stats: DashboardStat[];
  if (role === 'candidate') {
    stats = [
      weekly(locale, 'dashboard.stat.applications_sent', apps.sent, apps.sent_last_7_days, 'blue'),
      weekly(locale, 'dashboard.stat.available_jobs', jobs.published_jobs, jobs.published_last_7_days, 'green'),
      current(locale, 'dashboard.stat.interviews', apps.candidate_interviews, 'purple'),
      {
        title: t(locale, 'dashboard.stat.profile_completion'),
        value: `${completion}%`,
        change:
          completion === 100 ? t(locale, 'dashboard.change.complete') : t(locale, 'dashboard.change.to_go', { percent: 100 - completion }),
        changeType: completion === 100 ? 'increase' : 'neutral',
        color: 'orange',
      },
    ];
  } else if (role === 'employer') {
    const rate = percent(apps.responded, apps.respondable);
    stats = [
      weekly(locale, 'dashboard.stat.active_jobs', jobs.employer_active_jobs, jobs.employer_jobs_last_7_days, 'blue'),
      weekly(locale, 'dashboard.stat.applications_received', apps.received, apps.received_last_7_days, 'green'),
      current(locale, 'dashboard.stat.interviews', apps.employer_interviews, 'purple'),
      {
        title: t(locale, 'dashboard.stat.response_rate'),
        value: `${rate}%`,
        change: t(locale, 'dashboard.change.answered', { responded: apps.responded, total: apps.respondable }),
        changeType: 'neutral',
        color: 'orange',
      },
    ];
  } else {
    stats = [
      weekly(locale, 'dashboard.stat.users', parts.auth.users, parts.auth.users_last_7_days, 'blue'),
      weekly(locale, 'dashboard.stat.jobs', jobs.total_jobs, jobs.jobs_last_7_days, 'green'),
      weekly(locale, 'dashboard.stat.applications', apps.total_applications, apps.applications_last_7_days, 'purple'),
    ];
  }
  return { stats, recentActivities: mergeActivities(parts, role, locale), profileCompletion: completion };
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

  async dashboard(userId: number, role: DashboardRole, locale: Locale): Promise<Dashboard> {
    return buildDashboard(role, await this.parts(userId, role), locale);
  }

  async activities(userId: number, role: DashboardRole, locale: Locale): Promise<DashboardActivity[]> {
    return mergeActivities(await this.parts(userId, role), role, locale);
  }
}
