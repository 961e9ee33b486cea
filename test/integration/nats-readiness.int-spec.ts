import 'reflect-metadata';
import { BaseConfig, NatsConnectionService, NatsHealthIndicator } from '@app/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tools/lib/ports';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';

/**
 * The process's NATS connection and what readiness says of it, against a real nats-server that is
 * not there yet at start, then there, then stopped.
 */
describe('NATS connection and readiness report', () => {
  let storeDir: string;
  let server: NatsServerHandle | undefined;
  let nats: NatsConnectionService;
  const health = () => new NatsHealthIndicator(nats, new HealthIndicatorService()).isHealthy('nats', 1000);

  beforeAll(() => {
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-readiness-int-'));
  });

  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await server?.stop().catch(() => undefined);
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('starts without NATS, is not ready meanwhile, and connects once NATS is there', async () => {
    const port = await freePort();
    nats = new NatsConnectionService(
      Object.assign(new BaseConfig(), {
        NATS_USER: 'machinery',
        NATS_PASSWORD: 'ignored-by-an-anonymous-server',
        NATS_URL: `nats://127.0.0.1:${port}`,
      }),
      'readiness-int',
    );
    nats.onModuleInit(); // returns at once: start-up does not wait for NATS
    expect(nats.hasConnected).toBe(false);
    expect(await health()).toEqual({ nats: expect.objectContaining({ status: 'down', connected: false }) });

    server = await startNatsServer({ port, storeDir, users: 'anonymous' });
    await nats.whenConnected();
    expect(nats.hasConnected).toBe(true);
    expect(await health()).toEqual({ nats: expect.objectContaining({ status: 'up', connected: true }) });
  });

  it('is not ready while NATS is up but the request handlers are not subscribed yet', async () => {
    nats.markHandlers('pending');
    expect(await health()).toEqual({ nats: expect.objectContaining({ status: 'down', connected: true }) });
    nats.markHandlers('subscribed');
    expect(await health()).toEqual({ nats: expect.objectContaining({ status: 'up', connected: true }) });
  });

  it('is not ready, reporting connected: false, while NATS is stopped (NATS carries every request)', async () => {
    await server!.stop();
    expect(await health()).toEqual({ nats: expect.objectContaining({ status: 'down', connected: false }) });
  });

  it('shuts down for good while NATS is down (a drained client would keep reconnecting and hold the process)', async () => {
    await nats.onApplicationShutdown();
    expect(nats.connection.isClosed()).toBe(true);
  });
});
