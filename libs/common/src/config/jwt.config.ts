import { Type } from 'class-transformer';
import { createSecretKey, KeyObject } from 'node:crypto';
import { IsInt, Max, Min, Validate } from 'class-validator';
import { RequiredSecret } from './secrets';

/** Access-token settings shared by the auth service (issues) and the gateway (verifies). */
export class JwtConfig {
  /** HS256 secret, at least 32 characters; required in every NODE_ENV. */
  @Validate(RequiredSecret, [32])
  JWT_SECRET!: string;

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

/**
 * The HS256 key as a KeyObject, made once. Given the secret as a string, jsonwebtoken first tries to
 * parse it as a PEM public key on every verification (an exception each time): 0.85 ms of CPU per
 * request, the gateway's largest single cost at seed scale (CPU profile of the candidate's list).
 */
export function jwtSigningKey(config: JwtConfig): KeyObject {
  return createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
}
