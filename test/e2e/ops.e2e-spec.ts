import 'reflect-metadata';
import { Client } from 'pg';
import { SERVICE_NAMES } from '@app/contracts';
import { createAdmin } from '../../tools/create-admin';
import { freePort } from '../../tools/lib/ports';
import { eventually, TestSystem } from '../support/test-system';

const PASSWORD = 'Str0ng!Password#1';

/**
 * Operations, through the real processes: the monitoring route (every figure of every service, and
 * the blocked/blocking locks it must show), pool gauges on /metrics, the maintenance (notifications
 * archive and outbox purge, exactly the old rows), admin creation through the auth service.
 */
describe('ops: monitoring, metrics, maintenance, create-admin', () => {
  let system: TestSystem;
  let db: Client;
  let admin: string;
  let candidate: string;

  beforeAll(async () => {
    system = await TestSystem.start('ops', {
      RATE_LIMIT_SIGNUP: '100/60',
      RATE_LIMIT_SIGNIN: '100/60',
      NOTIFICATIONS_ARCHIVE_AFTER_DAYS: '30',
      OUTBOX_RETENTION_DAYS: '7',
      DB_MAINTENANCE_INTERVAL_S: '0',
    });
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
    await createAdmin(system.natsTools, { email: 'ops-admin@example.com', password: PASSWORD });
    const signin = await system.request('POST', '/api/auth/signin', { body: { email: 'ops-admin@example.com', password: PASSWORD } });
    expect(signin.status).toBe(200);
    admin = signin.body.access_token;
    const signup = await system.request('POST', '/api/auth/signup', {
      body: { email: 'ops-candidate@example.com', password: PASSWORD, first_name: 'Cand', last_name: 'Idate', role: 'candidate' },
    });
    expect(signup.status).toBe(201);
    candidate = signup.body.access_token;
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it('create-admin goes through the auth service: policy, existing admin left alone, no hijack of another account', async () => {
    const again = await createAdmin(system.natsTools, { email: 'OPS-ADMIN@example.com', password: PASSWORD });
    expect(again).toMatchObject({ created: false, user: { email: 'ops-admin@example.com', role: 'admin' } });
    await expect(createAdmin(system.natsTools, { email: 'ops-candidate@example.com', password: PASSWORD })).rejects.toMatchObject({
      code: 'AUTH.EMAIL_TAKEN',
    });
    await expect(createAdmin(system.natsTools, { email: 'weak@example.com', password: 'short' })).rejects.toMatchObject({
      code: 'AUTH.WEAK_PASSWORD',
    });
    const [row] = (
      await db.query(`SELECT role, password_hash LIKE '$argon2id$%' AS hashed FROM auth.users WHERE email = 'ops-admin@example.com'`)
    ).rows;
    expect(row).toEqual({ role: 'admin', hashed: true });
  });

  it('GET /api/admin/monitoring: admins only', async () => {
    expect((await system.request('GET', '/api/admin/monitoring')).status).toBe(401);
    expect((await system.request('GET', '/api/admin/monitoring', { token: candidate })).status).toBe(403);
  });

  it('returns every figure for every service, and the blocked/blocking locks', async () => {
    // A session holds a row lock on a notifications counter; another session's update of the row waits for it.
    const holder = new Client({ connectionString: system.databaseUrl });
    const waiter = new Client({ connectionString: system.databaseUrl });
    await holder.connect();
    await waiter.connect();
    try {
      await db.query(`INSERT INTO notifications.notification_counters (user_id, unread_count) VALUES (777, 0) ON CONFLICT DO NOTHING`);
      await holder.query('BEGIN');
      await holder.query('UPDATE notifications.notification_counters SET unread_count = unread_count + 1 WHERE user_id = 777');
      const blocked = waiter
        .query('UPDATE notifications.notification_counters SET unread_count = unread_count + 2 WHERE user_id = 777')
        .catch(() => undefined);
      const res = await eventually<any>(
        async () => {
          const r = await system.request('GET', '/api/admin/monitoring?slow_ms=0', { token: admin });
          return r.status === 200 && r.body.services.notifications.locks?.length > 0 ? r : undefined;
        },
        15000,
        300,
      );
      await holder.query('ROLLBACK');
      await blocked;

      expect(Object.keys(res.body.services).sort()).toEqual([...SERVICE_NAMES].sort());
      for (const service of SERVICE_NAMES) {
        const report = res.body.services[service];
        expect(report.error).toBeUndefined();
        expect(report.service).toBe(service);
        expect(report.pool).toEqual({
          max: 10,
          total: expect.any(Number),
          in_use: expect.any(Number),
          idle: expect.any(Number),
          waiting: expect.any(Number),
        });
        expect(report.pool.total).toBeGreaterThanOrEqual(1);
        expect(report.pool.in_use + report.pool.idle).toBe(report.pool.total);
        expect(report.cache_hit_ratio === null || (report.cache_hit_ratio >= 0 && report.cache_hit_ratio <= 1)).toBe(true);
        expect(report.table_sizes.map((t: { table: string }) => t.table)).toEqual(
          expect.arrayContaining(['outbox', 'processed_events', 'parked_events', 'migrations']),
        );
        expect(report.table_sizes[0]).toEqual(
          expect.objectContaining({ total_bytes: expect.any(Number), index_bytes: expect.any(Number), total_size: expect.any(String) }),
        );
        expect(report.index_usage.map((i: { index: string }) => i.index)).toContain('outbox_unpublished_idx');
        expect(report.slow_queries.threshold_ms).toBe(0);
        if (report.slow_queries.available) {
          expect(Array.isArray(report.slow_queries.statements)).toBe(true);
        } else {
          expect(report.slow_queries.reason).toMatch(/pg_stat_statements/);
        }
        expect(report.connections).toEqual(
          expect.arrayContaining([expect.objectContaining({ user: `intowork_${service}`, count: expect.any(Number) })]),
        );
        expect(Array.isArray(report.locks)).toBe(true);
      }
      const lock = res.body.services.notifications.locks.find((l: { blocked_query: string }) =>
        l.blocked_query.includes('unread_count + 2'),
      );
      expect(lock).toEqual(
        expect.objectContaining({
          blocked_pid: expect.any(Number),
          blocking_pid: expect.any(Number),
          blocking_query: expect.stringContaining('unread_count + 1'),
        }),
      );
    } finally {
      await holder.end();
      await waiter.end();
    }
  });

  it('exports the pool figures and cache hit ratio as Prometheus gauges on every service', async () => {
    for (const service of SERVICE_NAMES) {
      const text = await (await fetch(system.url('/metrics', service))).text();
      for (const gauge of ['db_pool_max', 'db_pool_connections', 'db_pool_in_use', 'db_pool_idle', 'db_pool_waiting']) {
        expect(text).toMatch(new RegExp(`^${gauge}\\{process="${service}"\\} \\d+$`, 'm'));
      }
      expect(text).toMatch(new RegExp(`^db_pool_max\\{process="${service}"\\} 10$`, 'm'));
      expect(text).toContain('db_cache_hit_ratio');
      expect(text).toContain('outbox_lag_seconds');
    }
  });

  it('maintenance archives exactly the notifications older than NOTIFICATIONS_ARCHIVE_AFTER_DAYS and purges old published outbox rows', async () => {
    const ids = async (sql: string) => (await db.query(sql)).rows.map((r) => Number(r.id));
    const old = await ids(`
      INSERT INTO notifications.notifications (user_id, type, title, message, is_read, created_at)
      VALUES (9001, 'system', 'old unread 1', 'm', false, now() - interval '40 days'),
             (9001, 'system', 'old unread 2', 'm', false, now() - interval '31 days'),
             (9002, 'system', 'old read', 'm', true, now() - interval '60 days')
      RETURNING id`);
    const recent = await ids(`
      INSERT INTO notifications.notifications (user_id, type, title, message, is_read, created_at)
      VALUES (9001, 'system', 'recent unread', 'm', false, now() - interval '29 days'),
             (9002, 'system', 'new', 'm', false, now())
      RETURNING id`);
    await db.query(`INSERT INTO notifications.notification_counters (user_id, unread_count) VALUES (9001, 3), (9002, 1)
                    ON CONFLICT (user_id) DO UPDATE SET unread_count = EXCLUDED.unread_count`);
    const purged = await ids(`
      INSERT INTO notifications.outbox (subject, payload, published_at, created_at)
      VALUES ('events.test.v1', '{}', now() - interval '8 days', now() - interval '8 days') RETURNING 0 AS id`);
    expect(purged).toHaveLength(1);
    await db.query(`
      INSERT INTO notifications.outbox (subject, payload, published_at, created_at)
      VALUES ('events.test.kept.v1', '{}', now() - interval '6 days', now() - interval '6 days')`);

    expect((await system.request('POST', '/api/admin/maintenance/run', { token: candidate })).status).toBe(403);
    const run = await system.request('POST', '/api/admin/maintenance/run', { token: admin });
    expect(run.status).toBe(200);
    expect(run.body.services.notifications.tasks).toEqual(
      expect.arrayContaining([
        { task: 'notifications-archive', ran: true, rows: 3 },
        { task: 'outbox-purge', ran: true, rows: 1 },
      ]),
    );
    for (const service of SERVICE_NAMES)
      expect(run.body.services[service].tasks).toContainEqual(expect.objectContaining({ task: 'outbox-purge', ran: true }));

    const archived = await ids(`SELECT id FROM notifications.notifications_archive WHERE user_id IN (9001, 9002) ORDER BY id`);
    expect(archived).toEqual([...old].sort((a, b) => a - b));
    const live = await ids(`SELECT id FROM notifications.notifications WHERE user_id IN (9001, 9002) ORDER BY id`);
    expect(live).toEqual([...recent].sort((a, b) => a - b));
    const counters = (
      await db.query(`SELECT user_id, unread_count FROM notifications.notification_counters WHERE user_id IN (9001, 9002) ORDER BY user_id`)
    ).rows;
    expect(counters).toEqual([
      { user_id: 9001, unread_count: 1 },
      { user_id: 9002, unread_count: 1 },
    ]);
    const outbox = (await db.query(`SELECT subject FROM notifications.outbox WHERE subject LIKE 'events.test%'`)).rows;
    expect(outbox).toEqual([{ subject: 'events.test.kept.v1' }]);

    // A second run finds nothing more to move.
    const second = await system.request('POST', '/api/admin/maintenance/run', { token: admin });
    expect(second.body.services.notifications.tasks).toContainEqual({ task: 'notifications-archive', ran: true, rows: 0 });
  });

  it('a task whose advisory lock another replica holds is skipped, not run twice', async () => {
    const other = new Client({ connectionString: system.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('intowork:maintenance:notifications:notifications-archive'))`);
      const run = await system.request('POST', '/api/admin/maintenance/run', { token: admin });
      expect(run.body.services.notifications.tasks).toContainEqual({ task: 'notifications-archive', ran: false, rows: 0 });
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
  });

  it('runs the maintenance on its schedule (DB_MAINTENANCE_INTERVAL_S) in a replica', async () => {
    const [{ id }] = (
      await db.query(`INSERT INTO notifications.notifications (user_id, type, title, message, created_at)
                      VALUES (9003, 'system', 'scheduled', 'm', now() - interval '45 days') RETURNING id`)
    ).rows;
    const port = await freePort();
    await system.startProcess('notifications', 'scheduled', { NOTIFICATIONS_PORT: String(port), DB_MAINTENANCE_INTERVAL_S: '1' });
    await eventually(
      async () => (await db.query('SELECT 1 FROM notifications.notifications_archive WHERE id = $1', [id])).rowCount === 1,
      15000,
      250,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^maintenance_runs_total\{[^}]*task="notifications-archive"[^}]*outcome="ran"[^}]*\} [1-9]/m);
    await system.processes.stop('notifications', 10000, 'scheduled');
  });

  it('reads the dashboard and admin figures from DB_READ_URL when it is set', async () => {
    // The "replica" is the same database here: what matters is which pool the figures go through.
    const port = await freePort();
    await system.startProcess('jobs', 'reader', {
      JOBS_PORT: String(port),
      DB_READ_URL: system.databaseUrl,
      DB_MAINTENANCE_INTERVAL_S: '0',
    });
    try {
      await eventually(
        async () => {
          expect((await system.request('GET', '/api/admin/stats', { token: admin })).status).toBe(200);
          const { rows } = await db.query(
            `SELECT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'intowork-jobs-read' AND query LIKE '%FROM jobs.companies%'`,
          );
          return rows.length > 0 && rows.every((r) => r.usename === 'intowork_jobs');
        },
        15000,
        100,
      );
    } finally {
      await system.processes.stop('jobs', 10000, 'reader');
    }
  });
});
