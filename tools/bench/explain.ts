/**
 * `npm run bench:explain`: EXPLAIN (ANALYZE, BUFFERS) of every hot query at the seed's scale, on the
 * bench database (`npm run bench:dataset` makes it; its migrations are brought up to date first).
 * The SQL is not copied: the services' own repository methods run on a pool that records what they
 * send (as the bench's baseline server runs them), with the parameters of a typical user: a candidate
 * with 20 applications, the employer with the most applications, a published job. The plans are
 * written to docs/seed-scale-plans.md (the evidence docs/performance.md cites).
 *
 *   npm run bench:explain [-- --db intowork_bench] [--out docs/seed-scale-plans.md]
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Client, Pool } from 'pg';
import { DbConfig, migrateAll } from '@app/db';
import { JobsRepository, PublicListFilter } from '../../apps/jobs/src/jobs/jobs.repository';
import { encodeCursor, decodeCursor } from '../../apps/jobs/src/jobs/cursor';
import { DashboardRepository as JobsDashboard } from '../../apps/jobs/src/dashboard/dashboard.repository';
import { AdminRepository as JobsAdmin } from '../../apps/jobs/src/admin/admin.repository';
import { ApplicationsRepository } from '../../apps/applications/src/applications/applications.repository';
import { DashboardRepository as ApplicationsDashboard } from '../../apps/applications/src/dashboard/dashboard.repository';
import { AdminRepository as ApplicationsAdmin } from '../../apps/applications/src/admin/admin.repository';
import { NotificationsRepository } from '../../apps/notifications/src/notifications/notifications.repository';
import { DashboardRepository as AuthDashboard } from '../../apps/auth/src/dashboard/dashboard.repository';
import { AdminRepository as AuthAdmin } from '../../apps/auth/src/admin/admin.repository';
import { UsersRepository } from '../../apps/auth/src/users/users.repository';
import { benchDatabaseUrl, flag } from './dataset';
import { poolDataSource } from './baseline-server';
import { useRunSecrets } from '../lib/secrets';

interface Statement {
  sql: string;
  params: unknown[];
}

/** Runs `work` against the bench data and returns the statements it sent. */
async function recorded(pool: Pool, work: (repos: ReturnType<typeof repositories>) => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = [];
  const recordingPool = {
    query: (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      return pool.query(sql, params);
    },
  } as unknown as Pool;
  await work(repositories(recordingPool));
  return statements;
}

function repositories(pool: Pool) {
  const { dataSource, read } = poolDataSource(pool);
  return {
    jobs: new JobsRepository(dataSource),
    jobsDashboard: new JobsDashboard(read),
    jobsAdmin: new JobsAdmin(read),
    applications: new ApplicationsRepository(dataSource),
    applicationsDashboard: new ApplicationsDashboard(read),
    applicationsAdmin: new ApplicationsAdmin(read),
    notifications: new NotificationsRepository(dataSource),
    authDashboard: new AuthDashboard(read),
    authAdmin: new AuthAdmin(dataSource, read),
    users: new UsersRepository(dataSource),
  };
}

/** The plan's nodes, conditions and totals (the tree's indentation kept). */
function summary(plan: string[]): string[] {
  return plan.filter((l) =>
    /->|^\S|Index Cond|Recheck Cond|Filter:|Rows Removed|Heap Fetches|Buffers: shared|Execution Time|Planning Time/.test(l),
  );
}

async function main(argv: string[]): Promise<void> {
  useRunSecrets();
  const url = benchDatabaseUrl(argv);
  const out = flag(argv, 'out') ?? 'docs/seed-scale-plans.md';
  await migrateAll(Object.assign(new DbConfig(), { DATABASE_URL: url }));
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const pool = new Pool({ connectionString: url, max: 2 });
  try {
    await admin.query('ANALYZE');
    const one = async <T>(sql: string) => (await admin.query(sql)).rows[0] as T;
    const sizes = await one<{ jobs: number; applications: number; notifications: number; users: number }>(
      `SELECT (SELECT count(*) FROM jobs.jobs)::int AS jobs, (SELECT count(*) FROM applications.job_applications)::int AS applications,
              (SELECT count(*) FROM notifications.notifications)::int AS notifications, (SELECT count(*) FROM auth.users)::int AS users`,
    );
    const { candidate } = await one<{ candidate: number }>(
      `SELECT candidate_id AS candidate FROM applications.job_applications GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const { employer } = await one<{ employer: number }>(
      `SELECT employer_id AS employer FROM applications.job_applications GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const { admin: adminId } = await one<{ admin: number }>(`SELECT id AS admin FROM auth.users WHERE role = 'admin' ORDER BY id LIMIT 1`);
    const { job } = await one<{ job: number }>(
      `SELECT id AS job FROM jobs.jobs WHERE status = 'published' ORDER BY posted_at DESC LIMIT 1 OFFSET 100`,
    );
    const deep = await one<{ ts: string; id: number }>(
      `SELECT posted_at::text AS ts, id FROM jobs.jobs WHERE status = 'published' ORDER BY posted_at DESC, id DESC OFFSET 4999 LIMIT 1`,
    );
    const cursor = decodeCursor(encodeCursor({ postedAt: deep.ts, id: deep.id }));
    const list: PublicListFilter = { sort: 'newest', limit: 10, offset: 0 };
    const page = (filter: PublicListFilter) => async (r: ReturnType<typeof repositories>) => {
      await r.jobs.publicPage(filter);
      await r.jobs.publicCount(filter).count();
    };
    const cases: Array<[string, (r: ReturnType<typeof repositories>) => Promise<unknown>]> = [
      ['job list, page 1', page(list)],
      ['job list, location=paris', page({ ...list, location: 'paris' })],
      ['job list, job_type=internship', page({ ...list, job_type: 'internship' })],
      ['job list, location_type=remote', page({ ...list, location_type: 'remote' })],
      ['job list, salary_min=70000', page({ ...list, salary_min: 70000 })],
      ['job list, featured', page({ ...list, featured: true })],
      ['job list, keyset page after the 5,000th job', page({ ...list, cursor })],
      ['job list, page 500 by OFFSET', page({ ...list, offset: 4990 })],
      ['search, rare pair "fortran erlang"', page({ ...list, search: 'fortran erlang' })],
      ['search, common "developer"', page({ ...list, search: 'developer' })],
      ['search, very common "team"', page({ ...list, search: 'team' })],
      ['search, accented "développeur"', page({ ...list, search: 'développeur' })],
      ['job detail', (r) => r.jobs.detail(job)],
      [`candidate's applications (user ${candidate})`, (r) => r.applications.listForCandidate(candidate, { limit: 10, offset: 0 })],
      [`employer's applications (user ${employer})`, (r) => r.applications.listForEmployer(employer, { limit: 20, offset: 0 })],
      [
        `notifications and unread count (user ${employer})`,
        async (r) => {
          await r.notifications.list(employer, 20, 0, false);
          await r.notifications.unreadCount(employer);
        },
      ],
      [
        `candidate dashboard (user ${candidate})`,
        (r) =>
          Promise.all([
            r.authDashboard.figures(candidate, 'candidate'),
            r.jobsDashboard.figures(candidate, 'candidate'),
            r.applicationsDashboard.figures(candidate, 'candidate'),
          ]),
      ],
      [
        `employer dashboard (user ${employer})`,
        (r) =>
          Promise.all([
            r.authDashboard.figures(employer, 'employer'),
            r.jobsDashboard.figures(employer, 'employer'),
            r.applicationsDashboard.figures(employer, 'employer'),
          ]),
      ],
      [
        'admin dashboard (its whole-table figures are cached: CountsCache)',
        (r) =>
          Promise.all([
            r.authDashboard.figures(adminId, 'admin'),
            r.jobsDashboard.figures(adminId, 'admin'),
            r.applicationsDashboard.figures(adminId, 'admin'),
          ]),
      ],
      ['board figures of every dashboard (cached: CountsCache)', (r) => r.jobsDashboard.board()],
      [
        'public stats (cached by the gateway: PUBLIC_CACHE_TTL_MS)',
        (r) => Promise.all([r.authAdmin.stats(), r.jobsAdmin.stats(), r.applicationsAdmin.stats()]),
      ],
    ];
    const lines = [
      '# Query plans at seed scale',
      '',
      `Generated by \`npm run bench:explain\` on ${new Date().toISOString().slice(0, 10)}: ${sizes.jobs} jobs, ${sizes.applications} applications, ` +
        `${sizes.notifications} notifications, ${sizes.users} users (the bench dataset, VACUUM ANALYZEd). Each query is the SQL the ` +
        "service's repository sends, with a typical user's parameters; only the plan's nodes, conditions and times are kept.",
      '',
      '| query | statements | execution ms (each) |',
      '|---|---:|---|',
    ];
    const details: string[] = [];
    for (const [label, work] of cases) {
      const statements = await recorded(pool, work);
      const times: string[] = [];
      details.push(`## ${label}`, '');
      for (const statement of statements) {
        const { rows } = await admin.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
        const plan = rows.map((r) => r['QUERY PLAN'] as string);
        const time = plan.find((l) => l.startsWith('Execution Time'))?.match(/[\d.]+/)?.[0] ?? '?';
        times.push(time);
        details.push('```', statement.sql.replace(/\s+/g, ' ').trim().slice(0, 400), '', ...summary(plan), '```', '');
      }
      lines.push(`| ${label} | ${statements.length} | ${times.join(' + ')} |`);
      console.log(`${label}: ${times.join(' + ')} ms`);
    }
    writeFileSync(out, [...lines, '', ...details].join('\n'));
    console.log(`written ${out}`);
  } finally {
    await pool.end();
    await admin.end();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`bench:explain: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
