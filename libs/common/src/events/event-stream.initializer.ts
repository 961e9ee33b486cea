import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { ensureEventStream } from './event-stream';

/** Every service makes sure the events stream exists before it publishes or consumes. */
@Injectable()
export class EventStreamInitializer implements OnApplicationBootstrap {
  constructor(private readonly nats: NatsConnectionService) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureEventStream(await this.nats.jetstreamManager());
  }
}
