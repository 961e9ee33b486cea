import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { natsInboxPrefix } from '@app/contracts';
import { NatsKvThrottlerStorage, RATE_LIMIT_BUCKET } from '../../apps/gateway/src/auth/nats-kv-throttler.storage';
import { freePort } from '../../tools/lib/ports';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';
import { NATS_USERS, natsPasswordVariable, natsUsersFrom } from '../../tools/lib/nats-auth';

/**
 * The gateways' shared rate-limit counters on a real nats-server: two storages (as two gateway
 * replicas, each with its own connection) count one budget, even when their requests race.
 */
describe('rate-limit counters in NATS KV, shared by gateway replicas', () => {
  let storeDir: string;
  let server: NatsServerHandle;
  let connections: NatsConnection[];
  let replicas: NatsKvThrottlerStorage[];

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-rate-limit-int-'));
    // The gateway's own NATS user: its permissions (tools/lib/nats-auth.ts) must cover the bucket.
    const passwords = Object.fromEntries(NATS_USERS.map((user) => [natsPasswordVariable(user), randomBytes(24).toString('hex')]));
    server = await startNatsServer({ port: await freePort(), storeDir, users: natsUsersFrom(passwords) });
    const asGateway = () =>
      connect({
        servers: server.url,
        user: 'gateway',
        pass: passwords[natsPasswordVariable('gateway')],
        inboxPrefix: natsInboxPrefix('gateway'),
      });
    connections = [await asGateway(), await asGateway()];
    replicas = connections.map((nc) => new NatsKvThrottlerStorage(() => nc, { maxTtlMs: 60_000, replicas: 1 }));
  });

  afterAll(async () => {
    await Promise.all((connections ?? []).map((nc) => nc.close()));
    await server?.stop().catch(() => undefined);
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  });

  it('counts hits from both replicas against one budget, then refuses on both', async () => {
    const key = 'signin:ip:::ffff:127.0.0.1';
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await replicas[i % 2].increment(key, 60_000, 5, 60_000, 'signin'));
    expect(seen.map((r) => r.totalHits)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.every((r) => !r.isBlocked)).toBe(true);
    for (const replica of replicas) {
      const refused = await replica.increment(key, 60_000, 5, 60_000, 'signin');
      expect(refused.isBlocked).toBe(true);
      expect(refused.timeToBlockExpire).toBeGreaterThan(50);
      expect(refused.timeToBlockExpire).toBeLessThanOrEqual(60);
    }
    // Another key has its own budget.
    expect(await replicas[1].increment('signin:ip:10.0.0.2', 60_000, 5, 60_000, 'signin')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('loses no hit when both replicas count the same key at once (compare-and-set)', async () => {
    const key = 'signup:ip:10.0.0.3';
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => replicas[i % 2].increment(key, 60_000, 10, 60_000, 'signup')));
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
    expect(
      results
        .filter((r) => !r.isBlocked)
        .map((r) => r.totalHits)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('starts a new window once the last one is over, on either replica', async () => {
    const key = 'refresh:ip:10.0.0.4';
    expect(await replicas[0].increment(key, 300, 1, 300, 'refresh')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await replicas[1].increment(key, 300, 1, 300, 'refresh')).toMatchObject({ isBlocked: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await replicas[1].increment(key, 300, 1, 300, 'refresh')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('answers SERVICE_UNAVAILABLE at once while NATS is unreachable, never waits for it', async () => {
    const cutOff = new NatsKvThrottlerStorage(
      () => {
        throw new Error('NATS is not connected');
      },
      { maxTtlMs: 60_000, replicas: 1 },
    );
    const started = Date.now();
    await expect(cutOff.increment('signin:ip:10.0.0.9', 60_000, 5, 60_000, 'signin')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps the counters in one bucket whose max age covers the longest window', async () => {
    const longer = new NatsKvThrottlerStorage(() => connections[0], { maxTtlMs: 3_600_000, replicas: 1 });
    await longer.increment('forgot:ip:10.0.0.5', 3_600_000, 3, 3_600_000, 'forgot');
    const jsm = await connections[1].jetstreamManager();
    const info = await jsm.streams.info(`KV_${RATE_LIMIT_BUCKET}`);
    expect(info.config.max_age).toBe(3_600_000 * 1_000_000);
  });
});
