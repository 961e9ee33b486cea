import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { SYSTEM_PING } from '@app/contracts';
import { BaseConfig, Metrics, ServiceClient } from '@app/common';
import { freePort } from '../../tools/lib/ports';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';

/**
 * ServiceClient on a real nats-server: a request nobody subscribes to ("no responders", as while a
 * service moves to another NATS server or its only replica restarts) is asked again for a moment,
 * then answers SERVICE_UNAVAILABLE; a handler that appears meanwhile answers it.
 */
describe('ServiceClient and NATS no responders', () => {
  let storeDir: string;
  let server: NatsServerHandle;
  let client: ServiceClient;
  let handler: NatsConnection;
  const subject = SYSTEM_PING.jobs.subject;

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-service-client-int-'));
    server = await startNatsServer({ port: await freePort(), storeDir, users: 'anonymous' });
    const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [server.url] } });
    client = new ServiceClient(proxy, Object.assign(new BaseConfig(), { NATS_REQUEST_TIMEOUT_MS: 5000 }), new Metrics('test'));
    await client.onModuleInit();
    await proxy.connect();
    handler = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
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
    const codec = JSONCodec();
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
});
