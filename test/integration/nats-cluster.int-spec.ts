import 'reflect-metadata';
import {
  BaseConfig,
  EventApplier,
  EventConsumerMetrics,
  EventConsumers,
  Metrics,
  NatsConnectionService,
  on,
  Outbox,
  OutboxRelay,
  ParkedEventsRepository,
} from '@app/common';
import { EVENTS_STREAM, event } from '@app/contracts';
import { createTestDatabase, dataSourceOptions, TestDatabase } from '@app/db';
import { IsInt } from 'class-validator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { NatsClusterHandle, startNatsCluster } from '../../tools/lib/nats-server';
import { eventually } from '../support/test-system';

class Tick {
  @IsInt() n: number;
}
const TICK = event<Tick>('events.cluster.tick.v1', Tick);
const TOTAL = 300;

/**
 * The events path on a 3-node NATS cluster (issue #12): the stream kept on 3 servers, and losing
 * the server that leads it while events flow costs no event and applies none twice.
 */
describe('events on a 3-node NATS cluster', () => {
  const service = 'notifications' as const;
  let db: TestDatabase;
  let storeDir: string;
  let cluster: NatsClusterHandle;
  let dataSource: DataSource;
  let nats: NatsConnectionService;
  let consumers: EventConsumers;
  let relay: OutboxRelay;
  let outbox: Outbox;
  const applied: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('nats_cluster');
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-nats-cluster-'));
    cluster = await startNatsCluster({ size: 3, storeDir, users: 'anonymous' });
    dataSource = await new DataSource(dataSourceOptions(service, db.config)).initialize();
    const config = Object.assign(new BaseConfig(), {
      NATS_USER: 'machinery',
      NATS_PASSWORD: 'ignored-by-an-anonymous-server',
      NATS_URL: cluster.url,
      EVENTS_STREAM_REPLICAS: 3,
    });
    nats = new NatsConnectionService(config, 'cluster-int');
    nats.onModuleInit();
    await nats.whenConnected();
    const metrics = new Metrics('cluster-int');
    outbox = new Outbox(service);
    relay = new OutboxRelay(service, dataSource, nats, outbox, metrics);
    const parked = new ParkedEventsRepository(service, dataSource);
    consumers = new EventConsumers(
      service,
      nats,
      new EventApplier(service, dataSource),
      parked,
      new EventConsumerMetrics(metrics, nats, parked),
    );
    consumers.register({
      name: 'ticks',
      bindings: [
        on(TICK, async (e, manager) => {
          await manager.query(`SELECT 1`);
          e.afterCommit(() => {
            applied.push(e.payload.n);
          });
        }),
      ],
    });
    // JetStream needs its meta leader (elected once the routes are up) before the stream can be made.
    await eventually(
      async () => {
        await consumers.onApplicationBootstrap();
        return (await nats.jetstreamManager()).streams.info(EVENTS_STREAM).then(() => true);
      },
      30000,
      500,
    );
    relay.onApplicationBootstrap();
  }, 60000);

  afterAll(async () => {
    await relay?.onApplicationShutdown();
    await consumers?.onApplicationShutdown();
    await nats?.onApplicationShutdown();
    await dataSource?.destroy();
    await cluster?.stop();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('keeps the stream on 3 servers, and loses nothing when the server leading it is killed mid-flow', async () => {
    const jsm = await nats.jetstreamManager();
    // Right after it is made, the stream may still be electing its leader (then every server is listed as a replica).
    const info = (await eventually(
      async () => {
        const now = await jsm.streams.info(EVENTS_STREAM);
        return now.cluster?.leader ? now : undefined;
      },
      30000,
      250,
    ))!;
    expect(info.config.num_replicas).toBe(3);
    const leader = info.cluster?.leader;
    expect(info.cluster?.replicas).toHaveLength(2);
    const victim = cluster.servers.find((_s, i) => `n${i + 1}` === leader)!;
    expect(victim).toBeDefined();

    let killed = false;
    for (let n = 1; n <= TOTAL; n++) {
      await dataSource.transaction((manager) => outbox.enqueue(manager, TICK, { n }));
      if (n === TOTAL / 3) {
        await victim.kill();
        killed = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(killed).toBe(true);
    await eventually(async () => new Set(applied).size === TOTAL, 60000, 250);
    // Each applied once (processed_events), none lost, and the outbox fully published.
    expect(applied).toHaveLength(TOTAL);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM notifications.processed_events WHERE consumer = 'notifications-ticks'`,
    );
    expect(n).toBe(TOTAL);
    const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM notifications.outbox WHERE published_at IS NULL`);
    expect(pending).toBe(0);
    const after = await jsm.streams.info(EVENTS_STREAM);
    expect(after.cluster?.leader).not.toBe(leader);
    // The killed server comes back and catches up.
    await victim.start();
    await eventually(
      async () => {
        const now = await jsm.streams.info(EVENTS_STREAM);
        return (now.cluster?.replicas ?? []).every((r) => r.current);
      },
      30000,
      500,
    );
  });
});
