import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Settings every process reads; each app extends this with its own. */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

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

  get natsServers(): string[] {
    return this.NATS_URL.split(',');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
