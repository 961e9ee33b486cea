import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { BaseConfig, KeyList, parseKeyList } from '@app/common';

/** Settings of the notifications service, validated at start-up (database settings: DbConfig). */
export class NotificationsConfig extends BaseConfig {
  /** SMTP server for outgoing mail (smtp[s]://user:pass@host:port); unset: mail is only recorded in outbound_mail. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be smtp://... or smtps://...' })
  SMTP_URL?: string;

  /**
   * The AES-256-GCM keys the auth service seals mail links with (the same list as its MAIL_LINK_KEYS):
   * a link is opened only to send its mail. Required.
   */
  @Validate(KeyList)
  MAIL_LINK_KEYS!: string;

  /** Sender address of outgoing mail. */
  @IsString()
  MAIL_FROM = 'IntoWork <no-reply@intowork.local>';

  /** Notifications older than this many days are moved to notifications_archive by the scheduled maintenance. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  NOTIFICATIONS_ARCHIVE_AFTER_DAYS = 90;

  /** Archived notifications created more than this many days ago are deleted by the scheduled maintenance. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36500)
  NOTIFICATIONS_ARCHIVE_RETENTION_DAYS = 730;

  /** Parsed MAIL_LINK_KEYS. */
  get mailLinkKeys(): Map<string, Buffer> {
    return parseKeyList(this.MAIL_LINK_KEYS);
  }
}
