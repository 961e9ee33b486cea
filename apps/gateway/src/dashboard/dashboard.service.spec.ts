import { ApplicationsDashboardFigures, AuthDashboardFigures, JobsDashboardFigures } from '@app/contracts';
import { buildDashboard, MAX_ACTIVITIES, mergeActivities, profileCompletion } from './dashboard.service';

const auth = (o: Partial<AuthDashboardFigures> = {}): AuthDashboardFigures => ({ profile_done: 0, profile_total: 10, users: 0, users_last_7_days: 0, recent: [], ...o });
const jobs = (o: Partial<JobsDashboardFigures> = {}): JobsDashboardFigures => ({
  published_jobs: 0,
  published_last_7_days: 0,
  employer_active_jobs: 0,
  employer_jobs_last_7_days: 0,
  employer_has_company: false,
  total_jobs: 0,
  jobs_last_7_days: 0,
  recent: [],
  ...o,
});
const apps = (o: Partial<ApplicationsDashboardFigures> = {}): ApplicationsDashboardFigures => ({
  sent: 0,
  sent_last_7_days: 0,
  candidate_interviews: 0,
  received: 0,
  received_last_7_days: 0,
  employer_interviews: 0,
  responded: 0,
  respondable: 0,
  total_applications: 0,
  applications_last_7_days: 0,
  recent: [],
  ...o,
});
const activity = (id: string, time: string) => ({ id, action: 'a', target: 't', time, type: 'x' });

describe('dashboard shaping', () => {
  it('candidate: four stats with string values, the profile completion both as a stat and a number', () => {
    const d = buildDashboard('candidate', { auth: auth({ profile_done: 7 }), jobs: jobs({ published_jobs: 12, published_last_7_days: 2 }), applications: apps({ sent: 3, candidate_interviews: 1 }) });
    expect(d.stats.map((s) => [s.title, s.value, s.changeType])).toEqual([
      ['Applications sent', '3', 'neutral'],
      ['Available jobs', '12', 'increase'],
      ['Interviews', '1', 'neutral'],
      ['Profile completion', '70%', 'neutral'],
    ]);
    expect(d.profileCompletion).toBe(70);
  });

  it('employer: response rate over applications not withdrawn, 0 % when none; company counts in the profile', () => {
    const parts = { auth: auth({ profile_done: 2, profile_total: 4 }), jobs: jobs({ employer_has_company: true }), applications: apps({ responded: 2, respondable: 3 }) };
    expect(buildDashboard('employer', parts).stats[3]).toMatchObject({ title: 'Response rate', value: '67%' });
    expect(profileCompletion('employer', parts)).toBe(60);
    expect(buildDashboard('employer', { ...parts, applications: apps() }).stats[3].value).toBe('0%');
  });

  it('admin: users, jobs, applications', () => {
    const d = buildDashboard('admin', { auth: auth({ users: 6, profile_done: 1, profile_total: 1 }), jobs: jobs({ total_jobs: 5 }), applications: apps({ total_applications: 5 }) });
    expect(d.stats.map((s) => s.value)).toEqual(['6', '5', '5']);
    expect(d.profileCompletion).toBe(100);
  });

  it('merges the services\' activities newest first, at most MAX_ACTIVITIES', () => {
    const many = Array.from({ length: 8 }, (_, i) => activity(`job-${i}`, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()));
    const merged = mergeActivities({
      auth: auth({ recent: [activity('user-1', '2026-02-01T00:00:00.000Z')] }),
      jobs: jobs({ recent: many }),
      applications: apps({ recent: [activity('application-1', '2025-12-01T00:00:00.000Z'), activity('application-2', '2026-01-05T12:00:00.000Z')] }),
    });
    expect(merged).toHaveLength(MAX_ACTIVITIES);
    expect(merged[0].id).toBe('user-1');
    expect(merged.map((a) => a.id)).not.toContain('application-1');
    const times = merged.map((a) => Date.parse(a.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
