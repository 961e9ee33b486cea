/**
 * The bench's baseline: a bare `node:http` + `pg` server answering each read scenario of the bench with
 * THE SAME SQL the services send, on the same database, and nothing else (no gateway, no NATS, no
 * validation, no authentication, no logging). It does not copy the SQL: it instantiates the services'
 * own repository classes with a tiny DataSource-like object whose `query` runs on a `pg.Pool`, as
 * tools/bench/explain.ts does to record it. The ratio "system ÷ baseline" is then the cost of
 * everything around the queries.
 *
 * The user a request acts as comes from the `x-bench-user` and `x-bench-role` headers (the bench sends
 * them; the real system reads a signed token instead).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/intowork_bench BASELINE_PORT=0 node dist/tools/bench/baseline-server.js
 *
 * Prints `listening <port>` on stdout once it accepts connections.
 */
import 'reflect-metadata';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { ReadDatabase } from '@app/common';
import type { DashboardRole } from '@app/contracts';
import { JobsRepository, PublicListFilter } from '../../apps/jobs/src/jobs/jobs.repository';
import { decodeCursor } from '../../apps/jobs/src/jobs/cursor';
import { DashboardRepository as JobsDashboard } from '../../apps/jobs/src/dashboard/dashboard.repository';
import { AdminRepository as JobsAdmin } from '../../apps/jobs/src/admin/admin.repository';
import { ApplicationsRepository } from '../../apps/applications/src/applications/applications.repository';
import { DashboardRepository as ApplicationsDashboard } from '../../apps/applications/src/dashboard/dashboard.repository';
import { AdminRepository as ApplicationsAdmin } from '../../apps/applications/src/admin/admin.repository';
import { NotificationsRepository } from '../../apps/notifications/src/notifications/notifications.repository';
import { UsersRepository } from '../../apps/auth/src/users/users.repository';
import { DashboardRepository as AuthDashboard } from '../../apps/auth/src/dashboard/dashboard.repository';
import { AdminRepository as AuthAdmin } from '../../apps/auth/src/admin/admin.repository';

/** Just enough of a TypeORM DataSource (and ReadDatabase) for the repositories' read methods. */
export function poolDataSource(pool: Pool): { dataSource: DataSource; read: ReadDatabase } {
  const query = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;
  const dataSource = { query, manager: { query } } as unknown as DataSource;
  return { dataSource, read: { dataSource } as unknown as ReadDatabase };
}

type Handler = (q: URLSearchParams, user: { id: number; role: DashboardRole }, id?: number) => Promise<unknown>;

function int(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) ? n : fallback;
}

export function baselineRoutes(pool: Pool): Array<[RegExp, Handler]> {
  const { dataSource, read } = poolDataSource(pool);
  const jobs = new JobsRepository(dataSource);
  const applications = new ApplicationsRepository(dataSource);
  const notifications = new NotificationsRepository(dataSource);
  const users = new UsersRepository(dataSource);
  const jobsDashboard = new JobsDashboard(read);
  const dashboards = [new AuthDashboard(read), jobsDashboard, new ApplicationsDashboard(read)];
  const admins = [new AuthAdmin(dataSource, read), new JobsAdmin(read), new ApplicationsAdmin(read)] as const;

  // As the services do (jobs.service list, applications.service listMine/listForEmployer, ...).
  const jobList: Handler = async (q) => {
    const limit = int(q.get('limit'), 10);
    const cursor = q.get('cursor') ? decodeCursor(q.get('cursor')!) : undefined;
    const sort = q.get('sort') === 'relevance' && q.get('search') ? 'relevance' : 'newest';
    const filter: PublicListFilter = {
      search: q.get('search') ?? undefined,
      location: q.get('location') ?? undefined,
      job_type: q.get('job_type') ?? undefined,
      location_type: q.get('location_type') ?? undefined,
      salary_min: q.get('salary_min') ? Number(q.get('salary_min')) : undefined,
      featured: q.get('featured') === 'true' || undefined,
      cursor: sort === 'newest' ? cursor : undefined,
      sort,
      limit,
      offset: cursor && sort === 'newest' ? 0 : (int(q.get('page'), 1) - 1) * limit,
    };
    // The service counts a filter's total once per DB_COUNTS_TTL_MS (JobTotalsCache); the baseline every time.
    const [rows, total] = await Promise.all([jobs.publicPage(filter), jobs.publicCount(filter).count()]);
    return { rows, total };
  };
  return [
    [/^\/api\/jobs\/?$/, jobList],
    [/^\/api\/jobs\/(\d+)$/, (_q, _u, id) => jobs.detail(id!)],
    [
      /^\/api\/applications\/my\/applications$/,
      async (q, user) => {
        const limit = int(q.get('limit'), 10);
        const page = await applications.listForCandidate(user.id, { limit, offset: (int(q.get('page'), 1) - 1) * limit });
        return { ...page, jobs: await jobs.summaries([...new Set(page.rows.map((r) => r.job_id))]) };
      },
    ],
    [
      /^\/api\/applications\/employer\/applications$/,
      async (q, user) => {
        const limit = int(q.get('limit'), 20);
        const page = await applications.listForEmployer(user.id, { limit, offset: (int(q.get('page'), 1) - 1) * limit });
        const ids = [...new Set(page.rows.map((r) => r.candidate_id))];
        return { ...page, users: ids.length ? await users.getMany(ids) : [] };
      },
    ],
    [
      /^\/api\/notifications\/?$/,
      async (q, user) => {
        const [list, unread] = await Promise.all([
          notifications.list(user.id, int(q.get('limit'), 20), int(q.get('offset'), 0), q.get('unread_only') === 'true'),
          notifications.unreadCount(user.id),
        ]);
        return { ...list, unread_count: unread };
      },
    ],
    [/^\/api\/notifications\/unread-count$/, async (_q, user) => ({ unread_count: await notifications.unreadCount(user.id) })],
    [
      /^\/api\/dashboard$/,
      // The board figures are cached by the jobs service (as the list's totals); counted here each time.
      (_q, user) => Promise.all([...dashboards.map((d) => d.figures(user.id, user.role)), jobsDashboard.board()]),
    ],
    [/^\/api\/stats\/public$/, () => Promise.all(admins.map((a) => a.stats()))],
  ];
}

/** The gateway's NATS_REQUEST_TIMEOUT_MS default: how long the product lets a request run. */
const REQUEST_BOUND_MS = 5000;

export function startBaselineServer(
  databaseUrl: string,
  port: number,
  poolMax = 10,
): Promise<{ port: number; close: () => Promise<void> }> {
  // The services' bounds: a request gives up after 5 s (pool wait, then its statement), so a saturating
  // measure of a slow route leaves no queue of queries running into the next measure.
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolMax,
    connectionTimeoutMillis: REQUEST_BOUND_MS,
    statement_timeout: REQUEST_BOUND_MS,
  });
  const routes = baselineRoutes(pool);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://baseline');
    const route = routes.find(([pattern]) => pattern.test(url.pathname));
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (!route) return send(404, { detail: 'no such baseline route' });
    const id = Number(route[0].exec(url.pathname)?.[1]);
    const user = { id: Number(req.headers['x-bench-user'] ?? 0), role: (req.headers['x-bench-role'] ?? 'candidate') as DashboardRole };
    route[1](url.searchParams, user, Number.isInteger(id) ? id : undefined).then(
      (body) => send(body === undefined ? 404 : 200, body ?? { detail: 'not found' }),
      (error: Error) => send(500, { detail: error.message }),
    );
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise<void>((done) => server.close(() => void pool.end().then(done, done))),
      });
    });
  });
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('baseline-server: set DATABASE_URL');
    process.exit(1);
  }
  startBaselineServer(url, Number(process.env.BASELINE_PORT ?? 0), Number(process.env.BASELINE_POOL_MAX ?? 10)).then(
    ({ port, close }) => {
      console.log(`listening ${port}`);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void close().then(() => process.exit(0)));
    },
    (error: unknown) => {
      console.error(`baseline-server: ${String(error)}`);
      process.exit(1);
    },
  );
}
