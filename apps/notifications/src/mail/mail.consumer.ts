import { Injectable, Logger } from '@nestjs/common';
import { currentKeyId, EventConsumers, Maintenance, on, TokenCipher } from '@app/common';
import { AUTH_MAIL_REQUESTED, MAIL_LINK_PLACEHOLDER, mailLinkAad, MailRequestedEvent } from '@app/contracts';
import { NotificationsConfig } from '../notifications.config';
import { MailTransport } from './mail.transport';
import { OutboundMailRepository } from './outbound-mail.repository';

/**
 * Records each requested mail (exactly once, with the event) and, when SMTP is configured, sends it
 * after the commit and notes sent_at or the error. A failed send is not retried by redelivery:
 * the row keeps the error for an operator. A sealed link is opened only here, in memory, to send its
 * mail; the row's copy is erased once sent or failed, and by maintenance once its token has expired.
 */
@Injectable()
export class MailConsumer {
  private readonly logger = new Logger(MailConsumer.name);
  private readonly cipher: TokenCipher;

  constructor(
    consumers: EventConsumers,
    maintenance: Maintenance,
    config: NotificationsConfig,
    private readonly mails: OutboundMailRepository,
    private readonly transport: MailTransport,
  ) {
    this.cipher = new TokenCipher(config.mailLinkKeys, currentKeyId(config.MAIL_LINK_KEYS));
    consumers.register({
      name: 'mail',
      bindings: [
        on(AUTH_MAIL_REQUESTED, async (event, manager) => {
          const id = await this.mails.record(manager, event.payload);
          // Only once the row is committed: a rolled-back or duplicate event sends nothing.
          if (this.transport.enabled) event.afterCommit(() => this.deliver(id, event.payload));
        }),
      ],
    });
    maintenance.register('outbound-mail-link-purge', (manager) => this.mails.purgeExpiredLinks(manager));
  }

  /** The mail as sent: its sealed link opened and put in place of MAIL_LINK_PLACEHOLDER. */
  render(mail: MailRequestedEvent): MailRequestedEvent {
    if (!mail.link) return mail;
    const url = this.cipher.open(mail.link, mailLinkAad(mail));
    return {
      ...mail,
      text: mail.text.replaceAll(MAIL_LINK_PLACEHOLDER, url),
      html: mail.html?.replaceAll(MAIL_LINK_PLACEHOLDER, url),
      link: undefined,
    };
  }

  private async deliver(id: number, mail: MailRequestedEvent): Promise<void> {
    try {
      await this.transport.send(this.render(mail));
      await this.mails.markSent(id);
    } catch (err) {
      this.logger.warn({ mail_id: id, kind: mail.kind }, `mail delivery failed: ${(err as Error).message}`);
      await this.mails.markFailed(id, (err as Error).message).catch(() => undefined);
    }
  }
}
