import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { BaseConfig, currentKeyId, KeyList, KeyListId, parseKeyList, RequiredSecret } from '@app/common';

/** Settings of the auth service, validated at start-up (database settings: DbConfig; JWT: JwtConfig). */
export class AuthConfig extends BaseConfig {
  /** HMAC-SHA256 key for refresh-token hashes (only the hash is stored). Required, no default. */
  @Validate(RequiredSecret, [32])
  REFRESH_TOKEN_HASH_KEY!: string;

  /** AES-256-GCM keys for OAuth provider tokens at rest: `id:base64(32 bytes)[,id:...]`; old ids stay for decryption. Required. */
  @Validate(KeyList)
  OAUTH_TOKEN_KEYS!: string;

  /** The key id new provider tokens are encrypted with (one of OAUTH_TOKEN_KEYS); unset: the first of them. */
  @IsOptional()
  @IsString()
  @Validate(KeyListId, ['OAUTH_TOKEN_KEYS'])
  OAUTH_TOKEN_KEY_ID?: string;

  /**
   * AES-256-GCM keys that seal the link of each reset and verification mail for the notifications
   * service (which holds the same list): the outbox and the events stream carry only ciphertext.
   * `id:base64(32 bytes)[,id:...]`; the first seals new links (a link lives ONE_TIME_TOKEN_TTL_S, so an
   * old key can leave the list that long after a new one was put first). Required.
   */
  @Validate(KeyList)
  MAIL_LINK_KEYS!: string;

  /** Base URL of the web client, for links in e-mails. */
  @Matches(/^https?:\/\/\S+$/)
  APP_URL = 'http://localhost:3000';

  /** Lifetime of password-reset and e-mail verification tokens. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(7 * 86400)
  ONE_TIME_TOKEN_TTL_S = 86400;

  /** Parsed OAUTH_TOKEN_KEYS. */
  get oauthKeys(): Map<string, Buffer> {
    return parseKeyList(this.OAUTH_TOKEN_KEYS);
  }

  /** The id of the key new provider tokens are sealed with. */
  get oauthKeyId(): string {
    return currentKeyId(this.OAUTH_TOKEN_KEYS, this.OAUTH_TOKEN_KEY_ID);
  }

  /** Parsed MAIL_LINK_KEYS. */
  get mailLinkKeys(): Map<string, Buffer> {
    return parseKeyList(this.MAIL_LINK_KEYS);
  }

  /** The id of the key new mail links are sealed with. */
  get mailLinkKeyId(): string {
    return currentKeyId(this.MAIL_LINK_KEYS);
  }
}
