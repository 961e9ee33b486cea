import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

const DEV_SECRET = 'intowork-development-secret-change-me-0123456789';

@ValidatorConstraint({ name: 'notDevelopmentSecretInProduction' })
class NotDevelopmentSecretInProduction implements ValidatorConstraintInterface {
  validate(value: string, args: ValidationArguments): boolean {
    return (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || value !== DEV_SECRET;
  }

  defaultMessage(): string {
    return 'must be set to your own secret when NODE_ENV=production';
  }
}

/** Access-token settings shared by the auth service (issues) and the gateway (verifies). */
export class JwtConfig {
  NODE_ENV?: string;

  /** HS256 secret, at least 32 characters; must be set in production. */
  @IsString()
  @MinLength(32)
  @Validate(NotDevelopmentSecretInProduction)
  JWT_SECRET = DEV_SECRET;

  /** Access-token lifetime in seconds (default 15 min). */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_S = 900;

  /** Refresh-token (session) lifetime in seconds (default 30 days). */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(31536000)
  REFRESH_TOKEN_TTL_S = 2592000;
}
