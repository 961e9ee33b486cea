import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../public.decorator';
import { HealthCheck, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { NatsHealthIndicator } from './nats.health';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
export interface HealthOptions {
  /** Whether this process owns a database (every service but the gateway). */
  database: boolean;
}

/** Each dependency gets this long; ready answers within a few seconds even when one hangs. */
const CHECK_TIMEOUT_MS = 1500;

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly nats: NatsHealthIndicator,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /** The process is up and its event loop answers; nothing else is checked. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** 200 when the process can serve: NATS (see NatsHealthIndicator) and its database answer; 503 says which check failed. */
  @Get('ready')
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [() => this.nats.isHealthy('nats', CHECK_TIMEOUT_MS)];
    if (this.options.database) checks.push(() => this.db.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }));
    return this.health.check(checks);
  }
}
