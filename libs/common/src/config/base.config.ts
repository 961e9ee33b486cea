import { Type } from 'class-transformer';
import { ServiceName } from '@app/contracts';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, Validate } from 'class-validator';
import { processPort } from '../bootstrap/process-port';
import { RequiredSecret } from './secrets';

const SERVICE_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/** Settings every process reads; each app extends this with its own. */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** At `info` the access log keeps only failed (5xx) requests and those that took at least this long; every request at `debug`. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600000)
  LOG_SLOW_REQUEST_MS = 500;

  /** Comma-separated list of NATS servers. */
  @Matches(/^(nats|tls|wss?):\/\/[^\s,]+(,(nats|tls|wss?):\/\/[^\s,]+)*$/, { message: 'NATS_URL must be nats://host:port[,nats://...]' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  @IsString()
  HOST = '0.0.0.0';

  /** How long SIGTERM waits for in-flight NATS requests before closing. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  SHUTDOWN_GRACE_MS = 2000;

  /** Overrides the instance name in logs and metrics (defaults to service name and pid). */
  @IsOptional()
  @IsString()
  INSTANCE_ID?: string;

  /**
   * Shared by every process: requests between processes fall back to HTTP while NATS is down
   * (POST /internal/rpc), and a service runs only those that carry this secret. Required in every
   * NODE_ENV (no default: a default would be a secret everybody knows).
   */
  @Validate(RequiredSecret, [32])
  INTERNAL_RPC_TOKEN!: string;

  /** Where the HTTP fallback reaches each service; default http://127.0.0.1:<NAME>_PORT. */
  @IsOptional()
  @IsUrl(SERVICE_URL)
  AUTH_SERVICE_URL?: string;

  @IsOptional()
  @IsUrl(SERVICE_URL)
  JOBS_SERVICE_URL?: string;

  @IsOptional()
  @IsUrl(SERVICE_URL)
  APPLICATIONS_SERVICE_URL?: string;

  @IsOptional()
  @IsUrl(SERVICE_URL)
  NOTIFICATIONS_SERVICE_URL?: string;

  serviceUrl(service: ServiceName): string {
    const configured = this[`${service.toUpperCase() as Uppercase<ServiceName>}_SERVICE_URL`];
    return (configured ?? `http://127.0.0.1:${processPort(service)}`).replace(/\/+$/, '');
  }

  get natsServers(): string[] {
    return this.NATS_URL.split(',');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
