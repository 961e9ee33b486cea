import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_ADMIN_CREATE, AUTH_MAIL_REQUESTED, EVENTS_STREAM, JOB_CHANGED, natsInboxPrefix, USER_DELETED } from '@app/contracts';
import { connect, ConnectionOptions, Events, JSONCodec, NatsConnection, NatsError, RetentionPolicy, StorageType } from 'nats';
import { NatsUserName, natsUsersFrom, NATS_USERS, natsPasswordVariable } from '../../tools/lib/nats-auth';
import { NatsServerHandle, startNatsServer } from '../../tools/lib/nats-server';
import { generateSecrets } from '../../tools/lib/secrets';

/**
 * NATS access control against a real nats-server configured from tools/lib/nats-auth.ts: anonymous
 * clients and wrong passwords are refused, and a process's user can do what it needs and no more.
 */
describe('NATS users and their permissions', () => {
  const passwords = generateSecrets(
    Object.fromEntries(
      NATS_USERS.map((user) => [natsPasswordVariable(user), () => `${user}-${Math.random().toString(36).slice(2)}-${'x'.repeat(32)}`]),
    ),
  );
  const codec = JSONCodec();
  let storeDir: string;
  let server: NatsServerHandle;
  const open: NatsConnection[] = [];

  const login = (user: NatsUserName, extra: Partial<ConnectionOptions> = {}): ConnectionOptions => ({
    servers: server.url,
    user,
    pass: passwords[natsPasswordVariable(user)],
    inboxPrefix: natsInboxPrefix(user),
    reconnect: false,
    timeout: 2000,
    ...extra,
  });

  async function as(user: NatsUserName): Promise<NatsConnection> {
    const nc = await connect(login(user));
    open.push(nc);
    return nc;
  }

  /** The next permissions violation the server reports on this connection (it stays open): "publish <subject>". */
  async function violation(nc: NatsConnection, act: () => unknown): Promise<string> {
    const seen = (async () => {
      for await (const status of nc.status()) {
        const context = (status as { permissionContext?: { operation: string; subject: string } }).permissionContext;
        if (status.type === Events.Error && context) return `${context.operation} ${context.subject}`;
      }
      return 'connection closed';
    })();
    await Promise.resolve(act()).catch(() => undefined);
    await nc.flush();
    return Promise.race([seen, new Promise<string>((resolve) => setTimeout(() => resolve('no violation reported'), 2000).unref())]);
  }

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'intowork-nats-auth-int-'));
    server = await startNatsServer({ storeDir, users: natsUsersFrom(passwords) });
  });

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close().catch(() => undefined)));
    await server?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('refuses an anonymous client and a wrong password', async () => {
    await expect(connect({ servers: server.url, reconnect: false, timeout: 2000 })).rejects.toMatchObject({
      code: 'AUTHORIZATION_VIOLATION',
    });
    await expect(connect(login('jobs', { pass: passwords[natsPasswordVariable('auth')] }))).rejects.toMatchObject({
      code: 'AUTHORIZATION_VIOLATION',
    });
  });

  it("a service cannot publish another service's event, serve its requests nor read others' replies", async () => {
    const jobs = await as('jobs');
    expect(await violation(jobs, () => jobs.publish(USER_DELETED.subject, codec.encode({ user_id: 1 })))).toBe(
      `publish ${USER_DELETED.subject}`,
    );
    expect(await violation(jobs, () => jobs.subscribe('auth.>'))).toBe('subscription auth.>');
    expect(await violation(jobs, () => jobs.subscribe(AUTH_MAIL_REQUESTED.subject))).toBe(`subscription ${AUTH_MAIL_REQUESTED.subject}`);
    expect(await violation(jobs, () => jobs.subscribe('_INBOX.gateway.>'))).toBe('subscription _INBOX.gateway.>');
    expect(await violation(jobs, () => jobs.publish(AUTH_ADMIN_CREATE.subject, codec.encode({})))).toBe(
      `publish ${AUTH_ADMIN_CREATE.subject}`,
    );
    // Another service's durable on the events stream is out of reach too.
    expect(await violation(jobs, () => jobs.publish(`$JS.API.CONSUMER.MSG.NEXT.${EVENTS_STREAM}.notifications-mail`))).toBe(
      `publish $JS.API.CONSUMER.MSG.NEXT.${EVENTS_STREAM}.notifications-mail`,
    );
    const gateway = await as('gateway');
    expect(await violation(gateway, () => gateway.publish(AUTH_ADMIN_CREATE.subject, codec.encode({})))).toBe(
      `publish ${AUTH_ADMIN_CREATE.subject}`,
    );
    expect(await violation(gateway, () => gateway.publish('notifications.stream.v1.7', codec.encode({})))).toBe(
      'publish notifications.stream.v1.7',
    );
  });

  it('a service can still answer its requests, call the ones it needs, and publish and consume its events', async () => {
    const auth = await as('auth');
    const applications = await as('applications');
    const jobs = await as('jobs');
    auth.subscribe('auth.user.get-many.v1', { callback: (_err, msg) => msg.respond(codec.encode({ users: [] })) });
    await auth.flush();
    const reply = await applications.request('auth.user.get-many.v1', codec.encode({ user_ids: [1] }), { timeout: 2000 });
    expect(codec.decode(reply.data)).toEqual({ users: [] });
    // The gateway may call it too; the tools may create an admin.
    const gateway = await as('gateway');
    expect(codec.decode((await gateway.request('auth.user.get-many.v1', codec.encode({ user_ids: [] }), { timeout: 2000 })).data)).toEqual({
      users: [],
    });

    // The stream (any service may make it), an event of jobs' own, and jobs' own durable consuming it.
    const jsm = await jobs.jetstreamManager();
    await jsm.streams.add({ name: EVENTS_STREAM, subjects: ['events.>'], retention: RetentionPolicy.Limits, storage: StorageType.File });
    const ack = await jobs.jetstream().publish(JOB_CHANGED.subject, codec.encode({ job_id: 1 }), { msgID: 'e1' });
    expect(ack.seq).toBe(1);
    const appsJsm = await applications.jetstreamManager();
    await appsJsm.consumers.add(EVENTS_STREAM, {
      durable_name: 'applications-job-summaries',
      filter_subject: 'events.jobs.job.>',
      ack_policy: 'explicit' as never,
    });
    const consumer = await applications.jetstream().consumers.get(EVENTS_STREAM, 'applications-job-summaries');
    const msg = await consumer.next({ expires: 2000 });
    expect(msg?.subject).toBe(JOB_CHANGED.subject);
    expect(await msg!.ackAck()).toBe(true);
    // A durable name that is not its own is refused.
    await expect(
      appsJsm.consumers.add(EVENTS_STREAM, {
        durable_name: 'notifications-mail',
        filter_subject: 'events.auth.>',
        ack_policy: 'explicit' as never,
      }),
    ).rejects.toBeInstanceOf(NatsError);
  });
});
