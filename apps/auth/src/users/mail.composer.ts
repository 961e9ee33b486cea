import { Injectable } from '@nestjs/common';
import { Outbox } from '@app/common';
import { AUTH_MAIL_REQUESTED, MailRequestedEvent } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { AuthConfig } from '../auth.config';

/** The auth e-mails, enqueued in the caller's transaction (the notifications service sends them). */
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

  passwordReset(manager: EntityManager, to: string, token: string): Promise<string> {
    const link = this.link('reset-password', token);
    return this.send(manager, {
      to,
      kind: 'password_reset',
      subject: 'Reset your IntoWork password',
      text: `Someone asked to reset the password of your IntoWork account.\n\nTo choose a new password, open:\n${link}\n\nThe link works once, for 24 hours. If it was not you, ignore this e-mail.`,
    });
  }

  verification(manager: EntityManager, to: string, token: string): Promise<string> {
    const link = this.link('verify-email', token);
    return this.send(manager, {
      to,
      kind: 'email_verification',
      subject: 'Confirm your e-mail address for IntoWork',
      text: `Welcome to IntoWork.\n\nConfirm your e-mail address by opening:\n${link}\n\nThe link works once, for 24 hours.`,
    });
  }

  emailChanged(manager: EntityManager, oldAddress: string, newAddress: string): Promise<string> {
    return this.send(manager, {
      to: oldAddress,
      kind: 'email_changed',
      subject: 'Your IntoWork e-mail address was changed',
      text: `The e-mail address of your IntoWork account was changed to ${newAddress}.\n\nIf it was not you, reset your password and contact us.`,
    });
  }
}
