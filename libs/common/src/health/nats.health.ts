import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NatsConnectionService } from '../nats/nats-connection.service';

@Injectable()
export class NatsHealthIndicator {
  constructor(
    private readonly nats: NatsConnectionService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy(key: string, timeoutMs: number) {
    const check = this.indicator.check(key);
    try {
      const rttMs = await this.nats.ping(timeoutMs);
      return check.up({ rtt_ms: rttMs });
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}
