import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { BaseConfig, isPublishedSecret, RequiredSecret, SECRETS_HINT } from '@app/common';

const KEY_LIST = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/;

/** Parses `id:base64key[,id:base64key]`. */
function parseKeys(value: string): Map<string, Buffer> {
  return new Map(
    value.split(',').map((pair) => {
      const [id, key] = pair.split(':');
      return [id, Buffer.from(key, 'base64')] as const;
    }),
  );
}

/** Why OAUTH_TOKEN_KEYS is unusable, or undefined: required, well formed, 32-byte keys, none published. */
function oauthKeysProblem(value: unknown): string | undefined {
  if (value === undefined || value === '') return `is required: id:base64(32 random bytes) (${SECRETS_HINT})`;
  if (typeof value !== 'string' || !KEY_LIST.test(value)) return 'must be id:base64key[,id:base64key]';
  for (const [id, key] of parseKeys(value)) {
    if (key.length !== 32) return `key ${id} must be 32 bytes (base64 of 32 random bytes)`;
    if (isPublishedSecret(key)) return `key ${id} was published in the IntoWork repository: set your own key`;
  }
  return undefined;
}

@ValidatorConstraint({ name: 'oauthTokenKeys' })
class OAuthTokenKeys implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return oauthKeysProblem(value) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${oauthKeysProblem(args.value)}`;
  }
}

@ValidatorConstraint({ name: 'oauthTokenKeyId' })
class OAuthTokenKeyId implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const keys = (args.object as AuthConfig).OAUTH_TOKEN_KEYS;
    return typeof keys !== 'string' || !KEY_LIST.test(keys) || parseKeys(keys).has(String(value));
  }
  defaultMessage(): string {
    return 'OAUTH_TOKEN_KEY_ID must be one of the ids in OAUTH_TOKEN_KEYS';
  }
}

/** Settings of the auth service, validated at start-up (database settings: DbConfig; JWT: JwtConfig). */
export class AuthConfig extends BaseConfig {
  /** HMAC-SHA256 key for refresh-token hashes (only the hash is stored). Required, no default. */
  @Validate(RequiredSecret, [32])
  REFRESH_TOKEN_HASH_KEY!: string;

  /** AES-256-GCM keys for OAuth provider tokens at rest: `id:base64(32 bytes)[,id:...]`; old ids stay for decryption. Required. */
  @Validate(OAuthTokenKeys)
  OAUTH_TOKEN_KEYS!: string;

  /** The key id new provider tokens are encrypted with (one of OAUTH_TOKEN_KEYS); unset: the first of them. */
  @IsOptional()
  @IsString()
  @Validate(OAuthTokenKeyId)
  OAUTH_TOKEN_KEY_ID?: string;

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
    return parseKeys(this.OAUTH_TOKEN_KEYS);
  }

  /** The id of the key new provider tokens are sealed with. */
  get oauthKeyId(): string {
    return this.OAUTH_TOKEN_KEY_ID ?? this.OAUTH_TOKEN_KEYS.split(',')[0].split(':')[0];
  }
}
