import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { EventConsumers, loadConfig, Maintenance, Outbox } from '@app/common';
import { MAIL_LINK_PLACEHOLDER, MailRequestedEvent } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { AuthConfig } from '../../../auth/src/auth.config';
import { MailComposer } from '../../../auth/src/users/mail.composer';
import { NotificationsConfig } from '../notifications.config';
import { MailConsumer } from './mail.consumer';
import { MailTransport } from './mail.transport';
import { OutboundMailRepository, withoutLinkTokens } from './outbound-mail.repository';

const key = () => randomBytes(32).toString('base64');

/** Every process's config asks for its NATS login; these specs never connect. */
const NATS_LOGIN = { NATS_USER: 'notifications', NATS_PASSWORD: 'n'.repeat(32) };

/** What the auth service enqueues for a mail with a link (the outbox is only a recorder here). */
async function composed(config: AuthConfig, token: string): Promise<MailRequestedEvent> {
  const enqueued: MailRequestedEvent[] = [];
  const outbox = {
    enqueue: (_m: EntityManager, _e: unknown, payload: MailRequestedEvent) => Promise.resolve(String(enqueued.push(payload))),
  } as unknown as Outbox;
  await new MailComposer(outbox, config).passwordReset({} as EntityManager, 'ada@example.com', token, 'en');
  return enqueued[0];
}

function consumer(mailLinkKeys: string): MailConsumer {
  const config = loadConfig(NotificationsConfig, { MAIL_LINK_KEYS: mailLinkKeys, ...NATS_LOGIN });
  const registry = { register: () => undefined };
  return new MailConsumer(
    registry as unknown as EventConsumers,
    registry as unknown as Maintenance,
    config,
    {} as OutboundMailRepository,
    {} as MailTransport,
  );
}

describe('mail links: sealed by auth, opened by notifications only to send', () => {
  const mailKeys = `m1:${key()}`;
  const auth = loadConfig(AuthConfig, {
    REFRESH_TOKEN_HASH_KEY: 'r'.repeat(32),
    OAUTH_TOKEN_KEYS: `k1:${key()}`,
    MAIL_LINK_KEYS: mailKeys,
    APP_URL: 'https://app.example',
    ...NATS_LOGIN,
  });
  const token = randomBytes(32).toString('base64url');

  it('enqueues the text with a placeholder and the link sealed: no token, clear or hashed, in the event', async () => {
    const mail = await composed(auth, token);
    expect(mail.text).toContain(MAIL_LINK_PLACEHOLDER);
    expect(mail.link).toMatchObject({ key_id: 'm1' });
    expect(Date.parse(mail.link!.expires_at) - Date.now()).toBeGreaterThan((auth.ONE_TIME_TOKEN_TTL_S - 60) * 1000);
    expect(JSON.stringify(mail)).not.toContain(token);
    expect(Buffer.from(mail.link!.value, 'base64').toString('latin1')).not.toContain(token);
  });

  it('renders the mail with its working link for the notifications service that holds the key', async () => {
    const mail = await composed(auth, token);
    const sent = consumer(mailKeys).render(mail);
    expect(sent.text).toContain(`https://app.example/reset-password?token=${token}`);
    expect(sent.text).not.toContain(MAIL_LINK_PLACEHOLDER);
    expect(sent.link).toBeUndefined();
  });

  it('cannot open a link without the key, nor a link moved to another address or kind', async () => {
    const mail = await composed(auth, token);
    expect(() => consumer(`m1:${key()}`).render(mail)).toThrow();
    expect(() => consumer(mailKeys).render({ ...mail, to: 'eve@example.com' })).toThrow();
    expect(() => consumer(mailKeys).render({ ...mail, kind: 'email_verification' })).toThrow();
  });

  it('requires MAIL_LINK_KEYS in the notifications service', () => {
    expect(() => loadConfig(NotificationsConfig, {})).toThrow(/MAIL_LINK_KEYS is required/);
  });

  it('stores a legacy text (link in clear) without its token', () => {
    expect(withoutLinkTokens(`Open:\nhttps://app.example/reset-password?token=${token}\n\nBye`)).toBe(
      'Open:\nhttps://app.example/reset-password?token=[removed]\n\nBye',
    );
    expect(withoutLinkTokens('no link here')).toBe('no link here');
  });
});
