import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NatsConnectionService } from '../nats/nats-connection.service';

/**
 * NATS is required: it carries every request between processes, so a process that has lost it
 * cannot serve and leaves its load balancer (503) until the client has reconnected (to another
 * server of the cluster, or to the same one when it is back). Events wait in the outboxes meanwhile.
 * The outage shows here (`connected: false`), in nats_client_connected and in the NatsDown alert.
 */
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
      // NATS is up but this service is not in its queue group yet: requests on NATS would find nobody.
      if (this.nats.handlersPending) return check.down({ connected: true, message: 'subscribing the request handlers on NATS' });
      return check.up({ connected: true, rtt_ms: rttMs });
    } catch (err) {
      return check.down({ connected: false, message: `${(err as Error).message}; events wait in the outbox` });
    }
  }
}
