import 'reflect-metadata';
import { createTestDatabase, migrateService, revertService, TestDatabase } from '@app/db';
import { Client } from 'pg';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
const LINK = `https://app.example/reset-password?token=${TOKEN}`;

/**
 * Migrations OutboundMailSealedLinks / OutboxMailLinks on an installation whose mail was stored with
 * its live link in clear: the token is cut out of every recorded mail, sent or not, and of the mail
 * events already published from the auth outbox; an unpublished event is left to be sent.
 */
describe('mail links migrations: no live token left from before', () => {
  let db: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase('maillinksmig');
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('cuts the token out of recorded mail and published mail events, keeping the records', async () => {
    expect(await revertService('notifications', db.config, process.env, 1)).toEqual(['OutboundMailSealedLinks1764800000000']);
    expect(await revertService('auth', db.config, process.env, 1)).toEqual(['OutboxMailLinks1764800000000']);
    await admin.query(
      `INSERT INTO notifications.outbound_mail (to_address, subject, body_text, kind, sent_at) VALUES
         ('sent@example.com', 'Reset', $1, 'password_reset', now()),
         ('unsent@example.com', 'Reset', $1, 'password_reset', NULL),
         ('changed@example.com', 'Changed', 'Your address is now new@example.com.', 'email_changed', now())`,
      [`Open:\n${LINK}\n\nBye`],
    );
    const payload = (to: string) => JSON.stringify({ to, kind: 'password_reset', subject: 'Reset', text: `Open:\n${LINK}` });
    await admin.query(
      `INSERT INTO auth.outbox (subject, payload, published_at) VALUES
         ('events.auth.mail.requested.v1', $1, now()), ('events.auth.mail.requested.v1', $2, NULL)`,
      [payload('published@example.com'), payload('pending@example.com')],
    );

    expect(await migrateService('notifications', db.config)).toEqual(['OutboundMailSealedLinks1764800000000']);
    expect(await migrateService('auth', db.config)).toEqual(['OutboxMailLinks1764800000000']);

    const { rows: mails } = await admin.query(
      `SELECT to_address, body_text, sent_at IS NOT NULL AS sent, link_sealed FROM notifications.outbound_mail ORDER BY id`,
    );
    expect(mails).toEqual([
      {
        to_address: 'sent@example.com',
        body_text: 'Open:\nhttps://app.example/reset-password?token=[removed]\n\nBye',
        sent: true,
        link_sealed: null,
      },
      {
        to_address: 'unsent@example.com',
        body_text: 'Open:\nhttps://app.example/reset-password?token=[removed]\n\nBye',
        sent: false,
        link_sealed: null,
      },
      { to_address: 'changed@example.com', body_text: 'Your address is now new@example.com.', sent: true, link_sealed: null },
    ]);
    const { rows: events } = await admin.query(
      `SELECT payload->>'to' AS "to", payload->>'text' AS text FROM auth.outbox ORDER BY payload->>'to'`,
    );
    expect(events).toEqual([
      { to: 'pending@example.com', text: `Open:\n${LINK}` },
      { to: 'published@example.com', text: 'Open:\nhttps://app.example/reset-password?token=[removed]' },
    ]);
  });
});
