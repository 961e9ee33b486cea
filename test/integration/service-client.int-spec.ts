import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { DEADLINE_HEADER, SYSTEM_PING } from '@app/contracts';
import { BaseConfig, Metrics, NatsConnectionService, ServiceClient } from '@app/common';
import { freePort } from '../../tools/lib/ports';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';

/**
 * ServiceClient on a real nats-server: a request nobody subscribes to ("no responders", as while a
 * service moves to another NATS server or its only replica restarts) is asked again for a moment,
 * then answers SERVICE_UNAVAILABLE; a handler that appears meanwhile answers it. Also what a request
 * looks like on the wire (the packet the services' Nest transport reads), a remote error and a timeout.
 */
describe('ServiceClient on a real nats-server', () => {
  let storeDir: string;
  let server: NatsServerHandle;
  let nats: NatsConnectionService;
  let client: ServiceClient;
  let handler: NatsConnection;
  const subject = SYSTEM_PING.jobs.subject;
  const codec = JSONCodec();

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-service-client-int-'));
    server = await startNatsServer({ port: await freePort(), storeDir, users: 'anonymous' });
    const config = Object.assign(new BaseConfig(), { NATS_URL: server.url, NATS_USER: 'gateway', NATS_REQUEST_TIMEOUT_MS: 5000 });
    nats = new NatsConnectionService(config, 'test-client');
    await nats.whenConnected();
    client = new ServiceClient(nats, config, new Metrics('test'));
    handler = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await handler?.close();
    await server?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('answers SERVICE_UNAVAILABLE after a short wait when nobody subscribes, well before the deadline', async () => {
    const started = Date.now();
    await expect(client.request(SYSTEM_PING.jobs, {})).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(500);
    expect(waited).toBeLessThan(3000);
  });

  it('is answered by a handler that subscribes while it asks again', async () => {
    setTimeout(() => {
      // Answered as a Nest NATS server does: the request's packet id, the response, disposed.
      handler.subscribe(subject, {
        callback: (_err, msg) => {
          const { id } = codec.decode(msg.data) as { id: string };
          msg.respond(codec.encode({ id, response: { service: 'jobs', status: 'ok' }, isDisposed: true }));
        },
      });
    }, 300);
    await expect(client.request(SYSTEM_PING.jobs, {})).resolves.toEqual({ service: 'jobs', status: 'ok' });
  });

  it("sends Nest's packet with the caller's headers on the process's inbox, and takes the answer's response", async () => {
    const seen: { packet: unknown; reply?: string; deadline?: string }[] = [];
    const sub = handler.subscribe('test.echo.v1', {
      callback: (_err, msg) => {
        const packet = codec.decode(msg.data) as { id: string; data: unknown };
        seen.push({ packet, reply: msg.reply, deadline: msg.headers?.get(DEADLINE_HEADER) });
        msg.respond(codec.encode({ id: packet.id, response: { echoed: packet.data }, isDisposed: true }));
      },
    });
    const echo = { subject: 'test.echo.v1' } as unknown as typeof SYSTEM_PING.jobs;
    const before = Date.now();
    await expect(client.request(echo, { a: 1 } as never)).resolves.toEqual({ echoed: { a: 1 } });
    await expect(client.request(echo, { a: 2 } as never)).resolves.toEqual({ echoed: { a: 2 } });
    sub.unsubscribe();
    expect(seen.map((s) => s.packet)).toEqual([
      { pattern: 'test.echo.v1', data: { a: 1 }, id: expect.any(String) },
      { pattern: 'test.echo.v1', data: { a: 2 }, id: expect.any(String) },
    ]);
    expect(seen[0].reply).toMatch(/^_INBOX\.gateway\./);
    expect(Number(seen[0].deadline)).toBeGreaterThanOrEqual(before + 5000);
  });

  it("rejects with the remote error's code and message, or SERVICE_TIMEOUT when nobody answers in time", async () => {
    const failing = handler.subscribe('test.fail.v1', {
      callback: (_err, msg) => {
        const { id } = codec.decode(msg.data) as { id: string };
        msg.respond(codec.encode({ id, err: { code: 'JOBS.NOT_FOUND', message: 'Job not found', statusCode: 404 }, isDisposed: true }));
      },
    });
    const silent = handler.subscribe('test.silent.v1', { callback: () => undefined });
    const fail = { subject: 'test.fail.v1' } as unknown as typeof SYSTEM_PING.jobs;
    const hang = { subject: 'test.silent.v1' } as unknown as typeof SYSTEM_PING.jobs;
    await expect(client.request(fail, {})).rejects.toMatchObject({ code: 'JOBS.NOT_FOUND' });
    await expect(client.request(hang, {}, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'SERVICE_TIMEOUT' });
    failing.unsubscribe();
    silent.unsubscribe();
  });
});
