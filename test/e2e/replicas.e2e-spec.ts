import 'reflect-metadata';
import { Client } from 'pg';
import { SERVICE_NAMES } from '@app/contracts';
import { DemoData, loadDemoData } from '../../tools/demo-data';
import { freePort } from '../../tools/lib/ports';
import { eventually, TestSystem } from '../support/test-system';

/**
 * Scaling out: a second replica of every process against the same NATS and PostgreSQL. Requests
 * are shared by the services' queue groups; each event (outbox relays racing with SKIP LOCKED,
 * durable consumers shared by both replicas) has exactly one effect; a second gateway honours a
 * deactivation within the status cache's few seconds.
 */
describe('two replicas of every process', () => {
  let system: TestSystem;
  let db: Client;
  let demo: DemoData;
  const replicaPorts: Record<string, number> = {};

  const handled = async (port: number, subject: string): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const pattern = new RegExp(
      `^nats_handler_duration_seconds_count\\{[^}]*subject="${subject.replace(/\./g, '\\.')}"[^}]*outcome="ok"[^}]*\\} (\\d+)$`,
      'm',
    );
    return Number(pattern.exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    // The forgot-password budget is small here: the two gateways must share it (counters in NATS KV).
    system = await TestSystem.start('replicas', { RATE_LIMIT_SIGNUP: '100/60', RATE_LIMIT_SIGNIN: '100/60', RATE_LIMIT_FORGOT: '4/3600' });
    for (const name of [...SERVICE_NAMES, 'gateway'] as const) {
      replicaPorts[name] = await freePort();
      await system.startProcess(name, 'r2', { [`${name.toUpperCase()}_PORT`]: String(replicaPorts[name]) });
    }
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  it('a burst of requests is served by both replicas of every service', async () => {
    for (const service of SERVICE_NAMES) {
      for (let batch = 0; batch < 4; batch += 1) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => system.request('GET', `/api/system/ping/${service}`)));
        expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      }
      const subject = `${service}.system.ping.v1`;
      const first = await handled(system.ports[service], subject);
      const second = await handled(replicaPorts[service], subject);
      expect({ service, total: first + second }).toEqual({ service, total: 40 });
      expect({ service, first: first > 0, second: second > 0 }).toEqual({ service, first: true, second: true });
    }
  });

  it('every event has exactly one effect', async () => {
    demo = await loadDemoData(system.url(''), system.natsTools);
    const applications = demo.applications;
    // One new_application notification per application, one status_change per status change.
    const perApplication = async (type: string) =>
      (
        await db.query(
          `SELECT related_application_id AS id, count(*)::int AS n FROM notifications.notifications
            WHERE type = $1 AND related_application_id = ANY($2::int[]) GROUP BY related_application_id ORDER BY 1`,
          [type, applications],
        )
      ).rows;
    await eventually(
      async () => (await perApplication('new_application')).length === 5 && (await perApplication('status_change')).length === 3,
      20000,
      200,
    );
    // Let any duplicate delivery land before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await perApplication('new_application')).map((r) => r.n)).toEqual([1, 1, 1, 1, 1]);
    expect((await perApplication('status_change')).map((r) => r.n)).toEqual([1, 1, 1]);
    // The jobs service's counters, fed by the same events on both jobs replicas.
    const counts = await db.query(`SELECT id, applications_count FROM jobs.jobs WHERE id = ANY($1::int[]) ORDER BY id`, [
      [demo.jobs.dataEngineer, demo.jobs.frontend],
    ]);
    expect(Object.fromEntries(counts.rows.map((r) => [r.id, r.applications_count]))).toEqual({
      [demo.jobs.dataEngineer]: 2,
      [demo.jobs.frontend]: 1,
    });
    // Both relays drained the outbox between them (rows are claimed with SKIP LOCKED).
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM applications.outbox WHERE published_at IS NULL`)).rows[0].n === 0,
    );
  });

  it('a second gateway serves the API and honours a deactivation within seconds', async () => {
    const gateway2 = (path: string, token?: string) =>
      fetch(`http://127.0.0.1:${replicaPorts.gateway}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bruno = demo.candidates.bruno;
    expect((await gateway2('/api/dashboard', bruno.token)).status).toBe(200);
    const off = await system.request('PUT', `/api/admin/users/${bruno.id}/activate`, {
      token: demo.admin.token,
      body: { is_active: false },
    });
    expect(off.status).toBe(200);
    await eventually(async () => (await gateway2('/api/dashboard', bruno.token)).status === 403, 6000, 250);
  });

  it('the two gateways count one rate-limit budget: 4 forgot-password requests in all, then 429 on both', async () => {
    const forgot = (port: number) =>
      fetch(`http://127.0.0.1:${port}/api/auth/forgot-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody-replicas@example.com' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await forgot(i % 2 === 0 ? system.ports.gateway : replicaPorts.gateway)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    for (const port of [system.ports.gateway, replicaPorts.gateway]) {
      const limited = await forgot(port);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
