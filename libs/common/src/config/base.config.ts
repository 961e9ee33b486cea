import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { RequiredSecret, SECRETS_HINT } from './secrets';

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

  /**
   * This process's own NATS user and password (nats-server refuses anonymous clients; each user may
   * use only its own subjects: tools/lib/nats-auth.ts). Required, no default.
   */
  @Matches(/^[a-z][a-z0-9_-]*$/, { message: `NATS_USER is required: this process's NATS user, e.g. jobs (${SECRETS_HINT})` })
  NATS_USER!: string;

  @Validate(RequiredSecret, [32])
  NATS_PASSWORD!: string;

  /** A CA file to verify NATS servers' TLS certificates with (a private CA); tls:// URLs with a public CA need nothing. */
  @IsOptional()
  @IsString()
  NATS_TLS_CA?: string;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /**
   * Copies of the events stream JetStream keeps (on as many servers of a NATS cluster): 3 survives the
   * loss of one server; 1 for a single server. Applied when the stream is created or updated.
   */
  @Type(() => Number)
  @IsIn([1, 3, 5])
  EVENTS_STREAM_REPLICAS = 1;

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

  get natsServers(): string[] {
    return this.NATS_URL.split(',');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
