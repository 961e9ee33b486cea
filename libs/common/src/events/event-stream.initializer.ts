import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { ensureEventStream } from './event-stream';

/**
 * Every service makes sure the events stream exists, once NATS is there (start-up does not wait for
 * it). Until then the relay's publishes fail and are retried, and consumers ensure the stream themselves.
 */
@Injectable()
export class EventStreamInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger(EventStreamInitializer.name);

  constructor(private readonly nats: NatsConnectionService) {}

  onApplicationBootstrap(): void {
    void this.nats
      .whenConnected()
      .then(async (nc) => ensureEventStream(await nc.jetstreamManager(), this.nats.eventStreamReplicas))
      .catch((err: Error) => this.logger.warn(`events stream not ensured: ${err.message}`));
  }
}
