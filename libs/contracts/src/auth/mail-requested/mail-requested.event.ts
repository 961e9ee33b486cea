import { IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { event } from '../../message';

export type MailKind = 'password_reset' | 'email_verification' | 'email_changed' | 'welcome';
export const MAIL_KINDS: MailKind[] = ['password_reset', 'email_verification', 'email_changed', 'welcome'];

/** An e-mail the auth service wants sent; the notifications service records and delivers it. */
export class MailRequestedEvent {
  @IsEmail() to: string;
  @IsIn(MAIL_KINDS) kind: MailKind;
  @IsString() @MaxLength(300) subject: string;
  @IsString() text: string;
  @IsOptional() @IsString() html?: string;
}

export const AUTH_MAIL_REQUESTED = event<MailRequestedEvent>('events.auth.mail.requested.v1', MailRequestedEvent);
