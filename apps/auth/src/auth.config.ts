import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, MinLength, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { BaseConfig } from '@app/common';

const DEV_REFRESH_KEY = 'intowork-development-refresh-token-key-change-me';
// 32 zero-ish bytes are not a secret: development only, refused in production.
const DEV_OAUTH_KEYS = `dev:${Buffer.from('intowork-dev-oauth-key-32-bytes!').toString('base64')}`;

@ValidatorConstraint({ name: 'notDevelopmentValueInProduction' })
class NotDevelopmentValueInProduction implements ValidatorConstraintInterface {
  validate(value: string, args: ValidationArguments): boolean {
    const dev = args.constraints[0] as string;
    return (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || value !== dev;
  }
  defaultMessage(): string {
    return 'must be set to your own secret when NODE_ENV=production';
  }
}

/** Settings of the auth service, validated at start-up (database settings: DbConfig; JWT: JwtConfig). */
export class AuthConfig extends BaseConfig {
  /** HMAC-SHA256 key for refresh-token hashes (only the hash is stored). */
  @IsString()
  @MinLength(32)
  @Validate(NotDevelopmentValueInProduction, [DEV_REFRESH_KEY])
  REFRESH_TOKEN_HASH_KEY = DEV_REFRESH_KEY;

  /** AES-256-GCM keys for OAuth provider tokens at rest: `id:base64(32 bytes)[,id:...]`; old ids stay for decryption. */
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, { message: 'OAUTH_TOKEN_KEYS must be id:base64key[,id:base64key]' })
  @Validate(NotDevelopmentValueInProduction, [DEV_OAUTH_KEYS])
  OAUTH_TOKEN_KEYS = DEV_OAUTH_KEYS;

  /** The key id new provider tokens are encrypted with (one of OAUTH_TOKEN_KEYS). */
  @IsString()
  OAUTH_TOKEN_KEY_ID = 'dev';

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
    return new Map(
      this.OAUTH_TOKEN_KEYS.split(',').map((pair) => {
        const [id, key] = pair.split(':');
        return [id, Buffer.from(key, 'base64')] as const;
      }),
    );
  }
}
