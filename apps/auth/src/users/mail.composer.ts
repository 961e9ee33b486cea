import { Injectable } from '@nestjs/common';
import { Outbox, TokenCipher } from '@app/common';
import {
  AUTH_MAIL_REQUESTED,
  Locale,
  MAIL_LINK_PLACEHOLDER,
  mailLinkAad,
  MailKind,
  MailRequestedEvent,
  SealedMailLink,
  t,
} from '@app/contracts';
import { EntityManager } from 'typeorm';
import { AuthConfig } from '../auth.config';

/**
 * The auth e-mails, enqueued in the caller's transaction (the notifications service sends them), written
 * in the recipient's language from the i18n catalogues (`mail.*`): the auth service owns that setting.
 * A link that carries a token is sealed for the notifications service (MAIL_LINK_KEYS) and the text
 * holds MAIL_LINK_PLACEHOLDER instead: the outbox and the events stream never see a live token.
 */
@Injectable()
export class MailComposer {
  private readonly cipher: TokenCipher;

  constructor(
    private readonly outbox: Outbox,
    private readonly config: AuthConfig,
  ) {
    this.cipher = new TokenCipher(config.mailLinkKeys, config.mailLinkKeyId);
  }

  private link(to: string, kind: MailKind, path: string, token: string): SealedMailLink {
    const url = `${this.config.APP_URL.replace(/\/+$/, '')}/${path}?token=${encodeURIComponent(token)}`;
    const expiresAt = new Date(Date.now() + this.config.ONE_TIME_TOKEN_TTL_S * 1000).toISOString();
    return { ...this.cipher.seal(url, mailLinkAad({ to, kind })), expires_at: expiresAt };
  }

  private send(manager: EntityManager, mail: MailRequestedEvent): Promise<string> {
    return this.outbox.enqueue(manager, AUTH_MAIL_REQUESTED, mail);
  }

  passwordReset(manager: EntityManager, to: string, token: string, locale: Locale): Promise<string> {
    return this.send(manager, {
      to,
      kind: 'password_reset',
      subject: t(locale, 'mail.password_reset.subject'),
      text: t(locale, 'mail.password_reset.text', { link: MAIL_LINK_PLACEHOLDER }),
      link: this.link(to, 'password_reset', 'reset-password', token),
    });
  }

  verification(manager: EntityManager, to: string, token: string, locale: Locale): Promise<string> {
    return this.send(manager, {
      to,
      kind: 'email_verification',
      subject: t(locale, 'mail.email_verification.subject'),
      text: t(locale, 'mail.email_verification.text', { link: MAIL_LINK_PLACEHOLDER }),
      link: this.link(to, 'email_verification', 'verify-email', token),
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
