import 'reflect-metadata';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@app/db';
import { PasswordsService } from '../../apps/auth/src/security/passwords.service';
import { APPLICATIONS_PER_CANDIDATE, BENCH_PASSWORD, datasetSize, ensureDataset } from '../../tools/bench/dataset';

/** The bench's dataset generator at a tiny scale: counts and the invariants the services keep. */
describe('tools/bench/dataset: the benchmark dataset', () => {
  const scale = 0.001;
  const size = datasetSize(scale);
  let db: TestDatabase;
  let client: Client;
  const one = async <T = any>(sql: string, params: unknown[] = []): Promise<T> => (await client.query(sql, params)).rows[0] as T;

  beforeAll(async () => {
    db = await createTestDatabase('bench_dataset', { migrate: false });
    const info = await ensureDataset({ scale, url: db.url, fresh: true, log: () => undefined });
    expect(info.reused).toBe(false);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('has the rows of its scale', async () => {
    const applications = size.candidates * APPLICATIONS_PER_CANDIDATE;
    expect(
      await one(`SELECT (SELECT count(*)::int FROM auth.users WHERE role = 'employer') AS employers,
                        (SELECT count(*)::int FROM auth.users WHERE role = 'candidate') AS candidates,
                        (SELECT count(*)::int FROM auth.users WHERE role = 'admin') AS admins,
                        (SELECT count(*)::int FROM auth.candidates) AS candidate_profiles,
                        (SELECT count(*)::int FROM auth.employers) AS employer_profiles,
                        (SELECT count(*)::int FROM jobs.companies) AS companies,
                        (SELECT count(*)::int FROM jobs.company_members) AS members,
                        (SELECT count(*)::int FROM jobs.jobs) AS jobs,
                        (SELECT count(*)::int FROM applications.job_summaries) AS summaries,
                        (SELECT count(*)::int FROM applications.job_applications) AS applications,
                        (SELECT count(*)::int FROM notifications.notifications) AS notifications`),
    ).toEqual({
      employers: size.companies,
      candidates: size.candidates + size.applicants,
      admins: size.admins,
      candidate_profiles: size.candidates + size.applicants,
      employer_profiles: size.companies,
      companies: size.companies,
      members: size.companies,
      jobs: size.jobs,
      summaries: size.jobs,
      applications,
      notifications: applications,
    });
  });

  it('has every status, expired and open-ended postings, and both languages', async () => {
    const statuses = await client.query(`SELECT DISTINCT status::text AS s FROM applications.job_applications ORDER BY 1`);
    expect(statuses.rows.map((r) => r.s)).toEqual(['accepted', 'applied', 'interview', 'rejected', 'shortlisted', 'viewed', 'withdrawn']);
    const jobStatuses = await client.query(`SELECT DISTINCT status::text AS s FROM jobs.jobs ORDER BY 1`);
    expect(jobStatuses.rows.map((r) => r.s)).toEqual(['archived', 'closed', 'draft', 'published']);
    const jobs = await one(`SELECT count(*) FILTER (WHERE status = 'published')::float / count(*) AS published,
                                   count(*) FILTER (WHERE status = 'published' AND expires_at <= now())::int AS expired,
                                   count(*) FILTER (WHERE expires_at IS NULL)::int AS open_ended,
                                   count(*) FILTER (WHERE search_vector @@ to_tsquery('jobs.intowork_simple', 'equipe'))::int AS equipe,
                                   count(*) FILTER (WHERE search_vector @@ to_tsquery('jobs.intowork_simple', 'team'))::int AS team,
                                   count(*) FILTER (WHERE search_vector @@ to_tsquery('jobs.intowork_simple', 'fortran & erlang'))::int AS pair
                              FROM jobs.jobs`);
    expect(jobs.published).toBeCloseTo(0.7, 1);
    expect(jobs.expired).toBeGreaterThan(0);
    expect(jobs.open_ended).toBeGreaterThan(0);
    expect(jobs.equipe).toBeGreaterThan(0);
    expect(jobs.team).toBeGreaterThan(0);
    expect(jobs.pair).toBeGreaterThan(0);
  });

  it('keeps one live application per candidate and job, with the index in place, and some re-submissions', async () => {
    const index = await one(`SELECT indisvalid AS valid, indisunique AS is_unique FROM pg_index
                              WHERE indexrelid = 'applications.job_applications_live_key'::regclass`);
    expect(index).toEqual({ valid: true, is_unique: true });
    const live = await one(`SELECT count(*)::int AS n FROM (SELECT candidate_id, job_id FROM applications.job_applications
                              WHERE status NOT IN ('rejected', 'withdrawn') GROUP BY 1, 2 HAVING count(*) > 1) d`);
    expect(live.n).toBe(0);
    const again = await one(`SELECT count(*)::int AS n FROM (SELECT candidate_id, job_id FROM applications.job_applications
                               GROUP BY 1, 2 HAVING count(*) > 1) d`);
    expect(again.n).toBeGreaterThan(0);
    const perCandidate = await client.query(`SELECT DISTINCT count(*)::int AS n FROM applications.job_applications GROUP BY candidate_id`);
    expect(perCandidate.rows).toEqual([{ n: APPLICATIONS_PER_CANDIDATE }]);
    const drafts = await one(`SELECT count(*)::int AS n FROM applications.job_applications a JOIN jobs.jobs j ON j.id = a.job_id
                               WHERE j.status = 'draft' OR a.employer_id <> j.employer_id OR a.applied_at < j.posted_at`);
    expect(drafts.n).toBe(0);
  });

  it('keeps the counters the services keep: applications_count, unread counters', async () => {
    const counts = await one(`SELECT count(*)::int AS n FROM jobs.jobs j
                               WHERE j.applications_count <> (SELECT count(*) FROM applications.job_applications a
                                                               WHERE a.job_id = j.id AND a.status <> 'withdrawn')`);
    expect(counts.n).toBe(0);
    const unread = await one(`SELECT count(*)::int AS n FROM notifications.notification_counters c
                               FULL JOIN (SELECT user_id, count(*) FILTER (WHERE NOT is_read)::int AS n
                                            FROM notifications.notifications GROUP BY user_id) x ON x.user_id = c.user_id
                              WHERE c.unread_count IS DISTINCT FROM x.n`);
    expect(unread.n).toBe(0);
    const spread = await one(`SELECT count(*) FILTER (WHERE is_read)::int AS read, count(*) FILTER (WHERE NOT is_read)::int AS unread
                                FROM notifications.notifications`);
    expect(spread.read).toBeGreaterThan(0);
    expect(spread.unread).toBeGreaterThan(0);
  });

  it('signs in with the bench password, and is reused at the same scale', async () => {
    const user = await one(`SELECT password_hash FROM auth.users WHERE role = 'admin' LIMIT 1`);
    expect(await new PasswordsService().verify(user.password_hash, BENCH_PASSWORD)).toBe(true);
    const again = await ensureDataset({ scale, url: db.url, log: () => undefined });
    expect(again.reused).toBe(true);
  });
});
