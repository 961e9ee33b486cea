import { Injectable } from '@nestjs/common';
import { Outbox } from '@app/common';
import { AUTH_MAIL_REQUESTED, Locale, MailRequestedEvent, t } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { AuthConfig } from '../auth.config';

/**
 * The auth e-mails, enqueued in the caller's transaction (the notifications service sends them), written
 * in the recipient's language from the i18n catalogues (`mail.*`): the auth service owns that setting.
 */
@Injectable()
export class MailComposer {
  constructor(
    private readonly outbox: Outbox,
    private readonly config: AuthConfig,
  ) {}

  private link(path: string, token: string): string {
    return `${this.config.APP_URL.replace(/\/+$/, '')}/${path}?token=${encodeURIComponent(token)}`;
  }

  private send(manager: EntityManager, mail: MailRequestedEvent): Promise<string> {
    return this.outbox.enqueue(manager, AUTH_MAIL_REQUESTED, mail);
  }

  passwordReset(manager: EntityManager, to: string, token: string, locale: Locale): Promise<string> {
    return this.send(manager, {
      to,
      kind: 'password_reset',
      subject: t(locale, 'mail.password_reset.subject'),
      text: t(locale, 'mail.password_reset.text', { link: this.link('reset-password', token) }),
    });
  }

  verification(manager: EntityManager, to: string, token: string, locale: Locale): Promise<string> {
    return this.send(manager, {
      to,
      kind: 'email_verification',
      subject: t(locale, 'mail.email_verification.subject'),
      text: t(locale, 'mail.email_verification.text', { link: this.link('verify-email', token) }),
    });
  }

  emailChanged(manager: EntityManager, oldAddress: string, newAddress: string, locale: Locale): Promise<string> {
    return this.send(manager, {
      to: oldAddress,
      kind: 'email_changed',
      subject: t(locale, 'mail.email_changed.subject'),
      text: t(locale, 'mail.email_changed.text', { address: newAddress }),
    });
  }
}
