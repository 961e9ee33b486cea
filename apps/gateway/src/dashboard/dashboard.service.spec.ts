import { ApplicationsDashboardFigures, AuthDashboardFigures, DashboardActivityFigure, JobsDashboardFigures } from '@app/contracts';
import { buildDashboard, MAX_ACTIVITIES, mergeActivities, profileCompletion } from './dashboard.service';

const auth = (o: Partial<AuthDashboardFigures> = {}): AuthDashboardFigures => ({
  profile_done: 0,
  profile_total: 10,
  users: 0,
  users_last_7_days: 0,
  recent: [],
  ...o,
});
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
const activity = (
  id: string,
  time: string,
  type: DashboardActivityFigure['type'] = 'job',
  status = 'published',
): DashboardActivityFigure => ({ id, type, status, target: 't', time });

describe('dashboard shaping', () => {
  it('candidate: four stats with string values, the profile completion both as a stat and a number', () => {
    const parts = {
      auth: auth({ profile_done: 7 }),
      jobs: jobs({ published_jobs: 12, published_last_7_days: 2 }),
      applications: apps({ sent: 3, candidate_interviews: 1 }),
    };
    const d = buildDashboard('candidate', parts, 'en');
    expect(d.stats.map((s) => [s.title, s.value, s.change, s.changeType])).toEqual([
      ['Applications sent', '3', '+0 this week', 'neutral'],
      ['Available jobs', '12', '+2 this week', 'increase'],
      ['Interviews', '1', 'current', 'neutral'],
      ['Profile completion', '70%', '30% to go', 'neutral'],
    ]);
    expect(d.profileCompletion).toBe(70);
    expect(buildDashboard('candidate', parts, 'fr').stats.map((s) => [s.title, s.value, s.change])).toEqual([
      ['Candidatures envoyées', '3', '+0 cette semaine'],
      ['Offres disponibles', '12', '+2 cette semaine'],
      ['Entretiens', '1', 'en ce moment'],
      ['Profil complété', '70%', 'encore 30\u00a0% à remplir'],
    ]);
  });

  it('employer: response rate over applications not withdrawn, 0 % when none; company counts in the profile', () => {
    const parts = {
      auth: auth({ profile_done: 2, profile_total: 4 }),
      jobs: jobs({ employer_has_company: true }),
      applications: apps({ responded: 2, respondable: 3 }),
    };
    expect(buildDashboard('employer', parts, 'en').stats[3]).toMatchObject({
      title: 'Response rate',
      value: '67%',
      change: '2 of 3 answered',
    });
    expect(buildDashboard('employer', parts, 'fr').stats[3]).toMatchObject({
      title: 'Taux de réponse',
      value: '67%',
      change: '2 réponses sur 3 candidatures',
    });
    expect(profileCompletion('employer', parts)).toBe(60);
    expect(buildDashboard('employer', { ...parts, applications: apps() }, 'en').stats[3].value).toBe('0%');
  });

  it('admin: users, jobs, applications', () => {
    const d = buildDashboard(
      'admin',
      {
        auth: auth({ users: 6, profile_done: 1, profile_total: 1 }),
        jobs: jobs({ total_jobs: 5 }),
        applications: apps({ total_applications: 5 }),
      },
      'fr',
    );
    expect(d.stats.map((s) => s.title)).toEqual(['Utilisateurs', 'Offres', 'Candidatures']);
    expect(d.stats.map((s) => s.value)).toEqual(['6', '5', '5']);
    expect(d.profileCompletion).toBe(100);
  });

  it("merges the services' activities newest first, at most MAX_ACTIVITIES", () => {
    const many = Array.from({ length: 8 }, (_, i) => activity(`job-${i}`, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()));
    const merged = mergeActivities(
      {
        auth: auth({ recent: [activity('user-1', '2026-02-01T00:00:00.000Z')] }),
        jobs: jobs({ recent: many }),
        applications: apps({
          recent: [activity('application-1', '2025-12-01T00:00:00.000Z'), activity('application-2', '2026-01-05T12:00:00.000Z')],
        }),
      },
      'employer',
      'en',
    );
    expect(merged).toHaveLength(MAX_ACTIVITIES);
    expect(merged[0].id).toBe('user-1');
    expect(merged.map((a) => a.id)).not.toContain('application-1');
    const times = merged.map((a) => Date.parse(a.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('words each activity line for the reader’s role, in their language', () => {
    const parts = {
      auth: auth({ recent: [activity('user-1', '2026-01-04T00:00:00.000Z', 'user', 'employer')] }),
      jobs: jobs({ recent: [activity('job-1', '2026-01-03T00:00:00.000Z', 'job', 'closed')] }),
      applications: apps({
        recent: [
          activity('application-1', '2026-01-02T00:00:00.000Z', 'application', 'applied'),
          activity('application-2', '2026-01-01T00:00:00.000Z', 'application', 'interview'),
        ],
      }),
    };
    const actions = (role: 'candidate' | 'employer', locale: 'fr' | 'en') => mergeActivities(parts, role, locale).map((a) => a.action);
    expect(actions('candidate', 'fr')).toEqual(['Nouveau recruteur inscrit', 'Offre clôturée', 'Candidature envoyée', 'Entretien en vue']);
    expect(actions('employer', 'fr')[2]).toBe('Nouvelle candidature reçue');
    expect(actions('employer', 'en')).toEqual(['New employer signed up', 'Job closed', 'New application received', 'Interview stage']);
    expect(mergeActivities(parts, 'employer', 'en')[1]).toEqual({
      id: 'job-1',
      action: 'Job closed',
      target: 't',
      time: '2026-01-03T00:00:00.000Z',
      type: 'job',
    });
  });
});
