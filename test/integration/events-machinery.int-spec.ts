import 'reflect-metadata';
import {
  BaseConfig,
  EventApplier,
  EventConsumerMetrics,
  EventConsumers,
  EVENT_CREATED_AT_HEADER,
  MAX_DELIVERIES,
  Metrics,
  NatsConnectionService,
  on,
  Outbox,
  OutboxRelay,
  ParkedEvents,
  ParkedEventsRepository,
} from '@app/common';
import { EVENT_ID_HEADER, EVENTS_STREAM, event } from '@app/contracts';
import { createTestDatabase, dataSourceOptions, TestDatabase } from '@app/db';
import { IsInt } from 'class-validator';
import { headers as natsHeaders, JSONCodec } from 'nats';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';
import { eventually } from '../support/test-system';

class Ping {
  @IsInt() n: number;
}
const PING_A = event<Ping>('events.machinery.ping.a.v1', Ping);
const PING_B = event<Ping>('events.machinery.ping.b.v1', Ping);
const BROKEN = event<Ping>('events.machinery.broken.v1', Ping);
/** Outside the stream's subjects: its publish fails (no stream answers), like a publish NATS refuses. */
const UNSTREAMED = event<Ping>('unstreamed.machinery.v1', Ping);

/**
 * The events machinery of libs/common (relay and consumers) on a real PostgreSQL schema and a real
 * nats-server (the version installed here has no multi-subject consumer filters).
 */
describe('events machinery (OutboxRelay, EventConsumers, ParkedEvents)', () => {
  const service = 'notifications' as const;
  let db: TestDatabase;
  let storeDir: string;
  let server: NatsServerHandle;
  let dataSource: DataSource;
  let nats: NatsConnectionService;
  let metrics: Metrics;
  let consumers: EventConsumers;
  let parkedEvents: ParkedEvents;
  let relay: OutboxRelay;
  let outbox: Outbox;
  let applier: EventApplier;
  const seen: Array<{ subject: string; n: number; id: string; createdAt?: string }> = [];
  const afterCommits: number[] = [];
  let brokenCalls = 0;
  let brokenFixed = false;

  beforeAll(async () => {
    db = await createTestDatabase('events_machinery');
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-events-int-'));
    server = await startNatsServer({ storeDir, users: 'anonymous' });
    dataSource = await new DataSource(dataSourceOptions(service, db.config)).initialize();
    const config = Object.assign(new BaseConfig(), {
      NATS_USER: 'machinery',
      NATS_PASSWORD: 'ignored-by-an-anonymous-server',
      NATS_URL: server.url,
    });
    nats = new NatsConnectionService(config, 'events-int');
    nats.onModuleInit();
    await nats.whenConnected();
    metrics = new Metrics('events-int');
    outbox = new Outbox(service);
    relay = new OutboxRelay(service, dataSource, nats, outbox, metrics);
    const parkedRows = new ParkedEventsRepository(service, dataSource);
    applier = new EventApplier(service, dataSource);
    const consumerMetrics = new EventConsumerMetrics(metrics, nats, parkedRows);
    consumers = new EventConsumers(service, nats, applier, parkedRows, consumerMetrics);
    parkedEvents = new ParkedEvents(service, consumers, applier, parkedRows, consumerMetrics);
    const record = (subject: string) => async (e: { payload: Ping; id: string; afterCommit(fn: () => void): void }) => {
      seen.push({ subject, n: e.payload.n, id: e.id });
      e.afterCommit(() => {
        afterCommits.push(e.payload.n);
      });
      if (e.payload.n < 0) throw new Error('negative: rolled back');
      // Holds the lane while a burst queues up behind it (the batching test).
      if (e.payload.n === 1000) await new Promise((resolve) => setTimeout(resolve, 500));
    };
    consumers.register({ name: 'multi', bindings: [on(PING_A, record('a')), on(PING_B, record('b'))] });
    consumers.register({
      name: 'broken',
      bindings: [
        on(BROKEN, async (e, manager) => {
          brokenCalls += 1;
          if (!brokenFixed) throw new Error('always fails');
          await manager.query(`INSERT INTO notifications.processed_events (consumer, event_id) VALUES ('fixed-broken', $1)`, [e.id]);
        }),
      ],
    });
    // A second bootstrap call is a no-op (the hooks are idempotent).
    await consumers.onApplicationBootstrap();
    await consumers.onApplicationBootstrap();
    relay.onApplicationBootstrap();
    relay.onApplicationBootstrap();
  });

  afterAll(async () => {
    await relay?.onApplicationShutdown();
    await consumers?.onApplicationShutdown();
    await nats?.onApplicationShutdown();
    await dataSource?.destroy();
    await server?.kill();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('consumes several subjects with one durable and one wildcard filter (nats-server 2.9), once each despite a double bootstrap', async () => {
    const jsm = await nats.jetstreamManager();
    const consumers: Array<[string, string | undefined]> = [];
    for await (const c of jsm.consumers.list(EVENTS_STREAM)) consumers.push([c.name, c.config.filter_subject]);
    expect(consumers.sort()).toEqual([
      ['notifications-broken', 'events.machinery.broken.v1'],
      ['notifications-multi', 'events.machinery.ping.>'],
    ]);

    await dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, PING_A, { n: 1 });
      await outbox.enqueue(manager, PING_B, { n: 2 });
    });
    await eventually(async () => seen.length === 2);
    expect(seen.map((s) => [s.subject, s.n]).sort()).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    // Exactly-once records are keyed by the definition, whatever lane delivered the event.
    const { length } = await dataSource.query(`SELECT 1 FROM notifications.processed_events WHERE consumer = 'notifications-multi'`);
    expect(length).toBe(2);
    await eventually(async () => afterCommits.length === 2);
  });

  it("keeps the order of a definition's events across its subjects, and skips matching subjects it does not bind", async () => {
    const js = nats.jetstream();
    await js.publish('events.machinery.ping.unbound.v1', JSONCodec().encode({ n: 99 }), { msgID: randomUUID() });
    await dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, PING_A, { n: 10 });
      await outbox.enqueue(manager, PING_B, { n: 11 });
      await outbox.enqueue(manager, PING_A, { n: 12 });
      await outbox.enqueue(manager, PING_B, { n: 13 });
    });
    await eventually(async () => seen.filter((s) => s.n >= 10 && s.n <= 13).length === 4);
    expect(seen.filter((s) => s.n >= 10 && s.n <= 13).map((s) => s.n)).toEqual([10, 11, 12, 13]);
    expect(seen.some((s) => s.n === 99)).toBe(false);
    const parked = await dataSource.query(`SELECT 1 FROM notifications.parked_events WHERE subject = 'events.machinery.ping.unbound.v1'`);
    expect(parked).toHaveLength(0);
    expect(await metrics.registry.metrics()).toMatch(/events_handled_total\{[^}]*outcome="skipped"[^}]*\} 1/);
  });

  it('publishes with the event id as msg id and the outbox time as a header; the lag histogram measures from it', async () => {
    const nc = nats.connection;
    const sub = nc.subscribe(PING_A.subject, { max: 1 });
    await nc.flush();
    const id = await dataSource.transaction((manager) => outbox.enqueue(manager, PING_A, { n: 3 }));
    for await (const msg of sub) {
      expect(msg.headers?.get(EVENT_ID_HEADER)).toBe(id);
      expect(msg.headers?.get('Nats-Msg-Id')).toBe(id);
      expect(Date.parse(msg.headers?.get(EVENT_CREATED_AT_HEADER) ?? '')).toBeGreaterThan(Date.now() - 60000);
    }
    await eventually(async () => seen.some((s) => s.n === 3));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/event_handle_lag_seconds_count\{[^}]*consumer="notifications-multi"[^}]*\} [1-9]/);
  });

  it('runs after-commit steps only for a committed, first delivery (not for a duplicate copy)', async () => {
    const js = nats.jetstream();
    const eventId = randomUUID();
    const h = natsHeaders();
    h.set(EVENT_ID_HEADER, eventId);
    await js.publish(PING_A.subject, JSONCodec().encode({ n: 4 }), { msgID: `x-${eventId}`, headers: h });
    await js.publish(PING_A.subject, JSONCodec().encode({ n: 4 }), { msgID: `y-${eventId}`, headers: h });
    await eventually(async () => {
      const info = await (await nats.jetstreamManager()).consumers.info(EVENTS_STREAM, 'notifications-multi');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect(seen.filter((s) => s.n === 4)).toHaveLength(1);
    expect(afterCommits.filter((n) => n === 4)).toHaveLength(1);
  });

  it(`parks an event whose handler keeps failing after ${MAX_DELIVERIES} deliveries, and counts it`, async () => {
    await dataSource.transaction((manager) => outbox.enqueue(manager, BROKEN, { n: 5 }));
    const parked = await eventually(
      async () => {
        const rows = await dataSource.query(
          `SELECT consumer, deliveries, error FROM notifications.parked_events WHERE consumer = 'notifications-broken'`,
        );
        return rows.length ? rows : undefined;
      },
      30000,
      200,
    );
    expect(parked).toEqual([{ consumer: 'notifications-broken', deliveries: MAX_DELIVERIES, error: 'always fails' }]);
    expect(brokenCalls).toBe(MAX_DELIVERIES);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/events_parked\{[^}]*consumer="notifications-broken"[^}]*\} 1/);
    expect(text).toMatch(/events_redelivered_total\{[^}]*consumer="notifications-broken"[^}]*\} 4/);
    // Not retried any more.
    await new Promise((r) => setTimeout(r, 1500));
    expect(brokenCalls).toBe(MAX_DELIVERIES);
  });

  it('replays a parked event once its cause is fixed: applied exactly once, the row gone; a failing replay keeps it parked', async () => {
    const { events } = await parkedEvents.list();
    const parked = events.find((e) => e.consumer === 'notifications-broken');
    expect(parked).toMatchObject({ subject: BROKEN.subject, payload: { n: 5 }, deliveries: MAX_DELIVERIES, error: 'always fails' });

    await expect(parkedEvents.replay(parked!.id)).rejects.toMatchObject({ code: 'OPS.REPLAY_FAILED' });
    const [still] = await dataSource.query(`SELECT error FROM notifications.parked_events WHERE id = $1`, [parked!.id]);
    expect(still.error).toBe('replay: always fails');

    brokenFixed = true;
    expect(await parkedEvents.replay(parked!.id)).toEqual({ id: parked!.id, event_id: parked!.event_id, outcome: 'applied' });
    const effects = await dataSource.query(
      `SELECT count(*)::int AS n FROM notifications.processed_events WHERE consumer = 'fixed-broken' AND event_id = $1`,
      [parked!.event_id],
    );
    expect(effects[0].n).toBe(1);
    expect(await dataSource.query(`SELECT id FROM notifications.parked_events WHERE id = $1`, [parked!.id])).toEqual([]);
    await expect(parkedEvents.replay(parked!.id)).rejects.toMatchObject({ code: 'OPS.PARKED_NOT_FOUND' });
  });

  it('a rolled-back handler leaves no processed_events row and no after-commit step, and is retried', async () => {
    const before = afterCommits.length;
    await dataSource.transaction((manager) => outbox.enqueue(manager, PING_B, { n: -1 }));
    await eventually(async () => seen.filter((s) => s.n === -1).length >= 2, 10000);
    expect(afterCommits.length).toBe(before);
  });

  it('applies a burst in batches (one transaction for many events), in order and once each; a failing event in a batch is retried alone', async () => {
    const burst = Array.from({ length: 40 }, (_, i) => 1001 + i);
    await dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, PING_A, { n: 1000 });
      for (const n of burst) await outbox.enqueue(manager, n === 1020 ? PING_B : PING_A, { n: n === 1020 ? -2 : n });
    });
    const applied = burst.filter((n) => n !== 1020);
    const processed = async () => {
      const rows: Array<{ event_id: string; processed_at: string }> = await dataSource.query(
        `SELECT event_id::text, processed_at::text FROM notifications.processed_events WHERE consumer = 'notifications-multi'`,
      );
      const ids = seen.filter((s) => s.n > 1000).map((s) => s.id);
      return { rows, mine: rows.filter((r) => ids.includes(r.event_id)) };
    };
    // Seen by a handler is not yet committed (its batch may be rolled back): wait for the processed rows.
    await eventually(
      async () => applied.every((n) => seen.some((s) => s.n === n)) && (await processed()).mine.length >= applied.length,
      20000,
    );
    // In delivery order, each once (the batch that held -2 was rolled back, its events applied again one by one).
    const committed = seen.filter((s) => s.n > 1000).map((s) => s.n);
    expect([...new Set(committed)].filter((n) => n > 0)).toEqual(applied);
    const { rows, mine } = await processed();
    expect(mine).toHaveLength(applied.length);
    // A transaction's rows share its now(): far fewer transactions than events.
    expect(new Set(mine.map((r) => r.processed_at)).size).toBeLessThan(applied.length / 2);
    const failed = seen.find((s) => s.n === -2)!;
    expect(rows.some((r) => r.event_id === failed.id)).toBe(false);
  });

  it('applies a batch with one processed_events statement: a copy within the batch or one already processed is a duplicate', async () => {
    const handled: number[] = [];
    const binding = on(PING_A, async ({ payload }) => {
      handled.push(payload.n);
    });
    const [a, b, old] = [randomUUID(), randomUUID(), randomUUID()];
    await applier.applyAll('batch-test', [{ binding, event: { id: old, subject: PING_A.subject, payload: { n: 0 }, deliveries: 1 } }]);
    const results = await applier.applyAll(
      'batch-test',
      [
        { id: a, n: 1 },
        { id: old, n: 2 },
        { id: b, n: 3 },
        { id: a.toUpperCase(), n: 4 },
      ].map(({ id, n }) => ({ binding, event: { id, subject: PING_A.subject, payload: { n }, deliveries: 1 } })),
    );
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false, true]);
    expect(handled).toEqual([0, 1, 3]);
    const rows = await dataSource.query(`SELECT event_id FROM ${service}.processed_events WHERE consumer = 'batch-test' ORDER BY event_id`);
    expect(rows.map((r: { event_id: string }) => r.event_id)).toEqual([a, b, old].sort());
  });

  it('publishes a backlog of several batches in outbox order, each row marked once the stream acknowledged it', async () => {
    const backlog = Array.from({ length: 250 }, (_, i) => 2001 + i);
    await dataSource.transaction(async (manager) => {
      for (const n of backlog) await outbox.enqueue(manager, n % 2 ? PING_A : PING_B, { n });
    });
    await eventually(async () => backlog.every((n) => seen.some((s) => s.n === n)), 20000);
    // First calls in delivery order (a batch rolled back by another test's poison event is applied again).
    expect([...new Set(seen.filter((s) => s.n > 2000 && s.n < 3000).map((s) => s.n))]).toEqual(backlog);
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM notifications.outbox WHERE published_at IS NULL`);
    expect(pending).toBe(0);
  });

  it('after a refused publish marks only what came before it; the rest is published again and applied once', async () => {
    let refusedId = '';
    const ids: string[] = [];
    await dataSource.transaction(async (manager) => {
      ids.push(await outbox.enqueue(manager, PING_A, { n: 3001 }));
      refusedId = await outbox.enqueue(manager, UNSTREAMED, { n: 3002 });
      ids.push(await outbox.enqueue(manager, PING_B, { n: 3003 }));
      ids.push(await outbox.enqueue(manager, PING_A, { n: 3004 }));
    });
    await eventually(async () => seen.some((s) => s.n === 3001));
    await eventually(
      async () => (await dataSource.query(`SELECT 1 FROM notifications.outbox WHERE id = $1 AND attempts > 0`, [refusedId])).length === 1,
    );
    const waiting = await dataSource.query(
      `SELECT payload->>'n' AS n FROM notifications.outbox WHERE published_at IS NULL AND (payload->>'n')::int > 3000 ORDER BY created_at, id`,
    );
    expect(waiting.map((r: { n: string }) => Number(r.n))).toEqual([3002, 3003, 3004]);
    // An operator removes the refused event: the relay publishes the rest again (the stream keeps one copy of each).
    await dataSource.query(`DELETE FROM notifications.outbox WHERE id = $1`, [refusedId]);
    await eventually(
      async () =>
        (await dataSource.query(`SELECT 1 FROM notifications.outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids])).length ===
        0,
      15000,
    );
    await eventually(
      async () =>
        (await dataSource.query(`SELECT 1 FROM notifications.processed_events WHERE event_id = ANY($1::uuid[])`, [ids])).length === 3,
    );
    expect(afterCommits.filter((n) => n > 3000).sort()).toEqual([3001, 3003, 3004]);
  });

  it('keeps consuming after its JetStream consumer was deleted (re-created, nothing lost)', async () => {
    const jsm = await nats.jetstreamManager();
    await jsm.consumers.delete(EVENTS_STREAM, 'notifications-multi');
    await new Promise((r) => setTimeout(r, 500));
    await dataSource.transaction((manager) => outbox.enqueue(manager, PING_B, { n: 6 }));
    await eventually(async () => seen.some((s) => s.n === 6), 40000, 250);
  });
});
