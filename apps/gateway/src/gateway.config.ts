import { IsIn, IsString, Matches } from 'class-validator';
import { BaseConfig } from '@app/common';

export class GatewayConfig extends BaseConfig {
  /** Comma-separated origins allowed by CORS (empty: none; the web client calls from its own origin). */
  @IsString()
  CORS_ORIGINS = 'http://localhost:3000';

  /** Set to true behind a TLS-terminating proxy: client IPs come from X-Forwarded-For and HSTS is sent. */
  @IsIn(['true', 'false'])
  TRUST_PROXY: 'true' | 'false' = 'false';

  /** Largest JSON body accepted (CV uploads have their own limit). */
  @Matches(/^\d+(kb|mb)$/)
  JSON_BODY_LIMIT = '1mb';

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  }
}
