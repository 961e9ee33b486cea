import { IsEmail, IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { event } from '../../message';

export type MailKind = 'password_reset' | 'email_verification' | 'email_changed' | 'welcome';
export const MAIL_KINDS: MailKind[] = ['password_reset', 'email_verification', 'email_changed', 'welcome'];

/** Where a mail's text (and html) takes its sealed link: only the notifications service puts it back, when it sends. */
export const MAIL_LINK_PLACEHOLDER = '{{link}}';

/**
 * The link of a reset or verification mail, sealed (AES-256-GCM, `MAIL_LINK_KEYS`, which only auth
 * and notifications hold) with `mailLinkAad` as associated datum: the auth outbox, the events stream
 * and outbound_mail carry only this ciphertext, never a live token.
 */
export interface SealedMailLink {
  key_id: string;
  /** base64(iv | tag | ciphertext) */
  value: string;
  /** When the token in it stops working (ISO 8601): an unsent link is erased after that. */
  expires_at: string;
}

function isSealedMailLink(value: unknown): value is SealedMailLink {
  const link = value as Partial<SealedMailLink> | null;
  return (
    typeof link === 'object' &&
    link !== null &&
    typeof link.key_id === 'string' &&
    link.key_id.length > 0 &&
    typeof link.value === 'string' &&
    /^[A-Za-z0-9+/]+=*$/.test(link.value) &&
    typeof link.expires_at === 'string' &&
    !Number.isNaN(Date.parse(link.expires_at))
  );
}

/** A sealed link opens only for the mail it was sealed for (a link moved to another address or kind does not). */
export function mailLinkAad(mail: { to: string; kind: string }): string {
  return `mail-link:${mail.kind}:${mail.to}`;
}

/** An e-mail the auth service wants sent; the notifications service records and delivers it. */
export class MailRequestedEvent {
  @IsEmail() to: string;
  @IsIn(MAIL_KINDS) kind: MailKind;
  @IsString() @MaxLength(300) subject: string;
  /** With MAIL_LINK_PLACEHOLDER where the link goes when `link` is set. */
  @IsString() text: string;
  @IsOptional() @IsString() html?: string;
  // A plain check rather than a nested class: the contracts load without reflect-metadata.
  @IsOptional()
  @ValidateBy({
    name: 'isSealedMailLink',
    validator: { validate: isSealedMailLink, defaultMessage: () => 'link must be {key_id, value (base64), expires_at (ISO 8601)}' },
  })
  link?: SealedMailLink;
}

export const AUTH_MAIL_REQUESTED = event<MailRequestedEvent>('events.auth.mail.requested.v1', MailRequestedEvent);
