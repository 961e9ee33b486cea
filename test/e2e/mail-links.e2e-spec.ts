import 'reflect-metadata';
import { connect, NatsConnection, StringCodec } from 'nats';
import { createHash } from 'node:crypto';
import { AUTH_MAIL_REQUESTED, EVENTS_STREAM } from '@app/contracts';
import { freePort } from '../../tools/lib/ports';
import { FakeSmtp, linkToken, startFakeSmtp } from '../support/fake-smtp';
import { eventually, TestSystem } from '../support/test-system';
import { PASSWORD, signup, withDb } from './auth-helpers';

/**
 * Issue #11 item 6: no live reset or verification link at rest. The link is sealed by the auth service
 * (MAIL_LINK_KEYS) and opened by the notifications service only to send its mail: the auth outbox, the
 * events stream and notifications.outbound_mail never hold the token, in clear or as the SHA-256 the
 * auth service keeps, and the mail that is sent still carries a link that works.
 */
describe('mail links: sealed on their way, nowhere at rest', () => {
  let system: TestSystem;
  let smtp: FakeSmtp;
  let nc: NatsConnection;

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    system = await TestSystem.start(
      'mail-links',
      // The purge of expired links is run on request below.
      { DB_MAINTENANCE_INTERVAL_S: '0', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
      ['auth', 'notifications', 'gateway'],
    );
    nc = await connect(system.natsOptions());
  });

  afterAll(async () => {
    await nc?.close();
    await system?.stop();
    smtp?.server.close();
  });

  /** The token of the `<path>?token=` link in the mail sent to an address. */
  const sentToken = (to: string, path: string) =>
    eventually(async () => {
      const raw = smtp.messages.find((m) => m.includes(`To: ${to}`) && linkToken(m, path));
      return raw && linkToken(raw, path);
    });

  /** Every message of the events stream, as text, with its subject. */
  async function streamMessages(): Promise<{ subject: string; text: string }[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(EVENTS_STREAM);
    const out: { subject: string; text: string }[] = [];
    const codec = StringCodec();
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
      out.push({ subject: message.subject, text: `${codec.decode(message.data)} ${JSON.stringify(message.header)}` });
    }
    return out;
  }

  it('forgot-password: the token is in the sent mail only (not in the auth outbox, the stream or outbound_mail), and its link works', async () => {
    const { user } = await signup(system);
    await system.request('POST', '/api/auth/forgot-password', { body: { email: user.email } }).then((res) => expect(res.status).toBe(200));
    const resetToken = await sentToken(user.email, 'reset-password');
    const verifyToken = await sentToken(user.email, 'verify-email');
    expect(resetToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Both marked sent: the row is final.
    await eventually(() =>
      withDb(
        system,
        async (db) =>
          (await db.query(`SELECT 1 FROM notifications.outbound_mail WHERE to_address = $1 AND sent_at IS NOT NULL`, [user.email]))
            .rowCount === 2,
      ),
    );

    const sha = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
    const needles = [resetToken!, verifyToken!].flatMap((token) => [token, encodeURIComponent(token), sha(token)]);

    const places = await withDb(system, async (db) => {
      // The hashed form is what the auth service keeps to check a token: the needle is the right one.
      expect((await db.query(`SELECT 1 FROM auth.password_reset_tokens WHERE token = $1`, [sha(resetToken!)])).rowCount).toBe(1);
      expect((await db.query(`SELECT 1 FROM auth.verification_tokens WHERE token = $1`, [sha(verifyToken!)])).rowCount).toBe(1);
      const text = async (sql: string) => (await db.query(sql)).rows.map((r: { t: string }) => r.t);
      return {
        'auth.outbox': await text(`SELECT o::text AS t FROM auth.outbox o`),
        'auth.parked_events': await text(`SELECT p::text AS t FROM auth.parked_events p`),
        'notifications.outbound_mail': await text(
          `SELECT m::text AS t FROM notifications.outbound_mail m WHERE to_address = '${user.email}'`,
        ),
        'notifications.parked_events': await text(`SELECT p::text AS t FROM notifications.parked_events p`),
        stream: (await streamMessages()).map((m) => `${m.subject} ${m.text}`),
      };
    });
    // Not vacuous: the two mails went through each place (sealed).
    const sealedMails = (rows: string[]) =>
      rows.filter((t) => t.includes(AUTH_MAIL_REQUESTED.subject) && t.includes(user.email) && t.includes('"key_id"'));
    expect(sealedMails(places['auth.outbox'])).toHaveLength(2);
    expect(sealedMails(places.stream)).toHaveLength(2);
    expect(places['notifications.outbound_mail']).toHaveLength(2);
    for (const [place, rows] of Object.entries(places)) {
      for (const needle of needles) expect({ place, found: rows.some((row) => row.includes(needle)) }).toEqual({ place, found: false });
    }

    // The link that was sent works.
    expect(
      (await system.request('POST', '/api/auth/reset-password', { body: { token: resetToken, new_password: 'Reset!Passw0rd1' } })).status,
    ).toBe(200);
    expect((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: 'Reset!Passw0rd1' } })).status).toBe(
      200,
    );
    expect((await system.request('POST', '/api/auth/signin', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
  });

  it('the auth and notifications services exit 78 without MAIL_LINK_KEYS', async () => {
    for (const name of ['auth', 'notifications'] as const) {
      const env: NodeJS.ProcessEnv = { ...system.env, [`${name.toUpperCase()}_PORT`]: String(await freePort()) };
      delete env.MAIL_LINK_KEYS;
      system.processes.start(name, env, { replica: 'no-mail-keys' });
      expect(await system.processes.waitExit(name, 30000, 'no-mail-keys')).toBe(78);
      expect(system.processes.logs(name, 'no-mail-keys').join('\n')).toMatch(/MAIL_LINK_KEYS is required/);
    }
  });

  it('erases the sealed link of a mail never sent once its token has expired, and keeps the record', async () => {
    const ids = await withDb(system, async (db) => {
      const { rows } = await db.query(
        `INSERT INTO notifications.outbound_mail (to_address, subject, body_text, kind, link_key_id, link_sealed, link_expires_at)
         VALUES ('expired@example.com', 's', 'b {{link}}', 'password_reset', 'k1', 'sealed-expired', now() - interval '1 minute'),
                ('live@example.com', 's', 'b {{link}}', 'password_reset', 'k1', 'sealed-live', now() + interval '1 hour')
         RETURNING id`,
      );
      return rows.map((r: { id: string }) => r.id);
    });
    const run = await system.rpc<{ tasks: { task: string; ran: boolean; rows: number; error?: string }[] }>(
      'notifications.ops.maintenance-run.v1',
      {},
    );
    expect('response' in run && run.response.tasks.find((t) => t.task === 'outbound-mail-link-purge')).toMatchObject({
      ran: true,
      rows: 1,
    });
    const rows = await withDb(
      system,
      async (db) =>
        (await db.query(`SELECT id, link_key_id, link_sealed FROM notifications.outbound_mail WHERE id = ANY($1) ORDER BY id`, [ids])).rows,
    );
    expect(rows).toEqual([
      { id: ids[0], link_key_id: null, link_sealed: null },
      { id: ids[1], link_key_id: 'k1', link_sealed: 'sealed-live' },
    ]);
  });
});
