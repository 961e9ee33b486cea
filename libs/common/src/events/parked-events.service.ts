import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_ID_HEADER, msg, OPS_ERRORS, ParkedListResponse, ParkedReplayResponse, ServiceName } from '@app/contracts';
import { DomainError } from '../errors/domain-error';
import { EventApplier, isEventId, PoisonEvent, validatedPayload } from './event-applier';
import { EventConsumerMetrics } from './event-consumer.metrics';
import { EventConsumers } from './event-consumers.service';
import { SERVICE_NAME } from './outbox';
import { ParkedEventsRepository } from './parked-events.repository';

/** The operators' side of parked events (`<service>.ops.parked-list.v1` / `.parked-replay.v1`): list them, replay one. */
@Injectable()
export class ParkedEvents {
  private readonly logger = new Logger(ParkedEvents.name);

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly consumers: EventConsumers,
    private readonly applier: EventApplier,
    private readonly parked: ParkedEventsRepository,
    private readonly metrics: EventConsumerMetrics,
  ) {}

  /** This service's parked events, newest first. */
  list(limit = 100): Promise<ParkedListResponse> {
    return this.parked.list(limit);
  }

  /**
   * Runs a parked event's handler again, once (after its cause was fixed): in one transaction the
   * parked row is deleted and the event applied as a delivery would (a duplicate only drops the row).
   * If the handler fails again the row stays, with the new error, and the caller gets OPS.REPLAY_FAILED.
   */
  async replay(id: number): Promise<ParkedReplayResponse> {
    const row = await this.parked.find(id);
    if (!row) throw new DomainError(OPS_ERRORS.PARKED_NOT_FOUND, `No parked event ${id} in ${this.service}`);
    const binding = this.consumers.bindingOf(row.consumer, row.subject);
    try {
      if (!binding) throw new PoisonEvent(`no handler for ${row.subject} in ${row.consumer}`);
      if (!isEventId(row.event_id)) throw new PoisonEvent(`event without a valid ${EVENT_ID_HEADER}: it cannot be applied exactly once`);
      const payload = await validatedPayload(binding.message, row.payload);
      const event = { id: row.event_id, subject: row.subject, payload, deliveries: 0 };
      const { duplicate, afterCommit } = await this.applier.applyOnce(row.consumer, binding, event, async (manager) => {
        if (!(await this.parked.delete(manager, id)))
          throw new DomainError(OPS_ERRORS.PARKED_NOT_FOUND, `Parked event ${id} was replayed meanwhile`);
      });
      this.metrics.outcome(row.consumer, row.subject, 'replayed');
      this.logger.log(`${row.consumer}: replayed parked ${row.subject} ${row.event_id} (${duplicate ? 'already applied' : 'applied'})`);
      if (!duplicate) await this.applier.runAfterCommit(row.consumer, row.event_id, afterCommit);
      return { id, event_id: row.event_id, outcome: duplicate ? 'duplicate' : 'applied' };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const message = (err as Error).message;
      await this.parked.setError(id, `replay: ${message}`);
      throw new DomainError(OPS_ERRORS.REPLAY_FAILED, msg('error.ops.replay_failed', { event_id: row.event_id, error: message }));
    }
  }
}
