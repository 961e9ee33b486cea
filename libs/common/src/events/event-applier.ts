import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventMessage, ServiceName } from '@app/contracts';
import { prepared, queryRows } from '@app/db';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { SERVICE_NAME } from './outbox';

export interface ConsumedEvent<P> {
  /** The producer's outbox id (header x-event-id, also the JetStream message id). */
  id: string;
  subject: string;
  payload: P;
  deliveries: number;
  /**
   * Runs `fn` once the handler's transaction has committed (never if it rolled back or the event
   * was a duplicate): for side effects outside the database, e.g. a live push. At most once.
   */
  afterCommit(fn: () => void | Promise<void>): void;
}

/** Runs inside the transaction that also records the event as processed. */
export type EventHandler<P> = (event: ConsumedEvent<P>, manager: EntityManager) => Promise<void>;

export interface Binding {
  message: EventMessage<object>;
  handler: EventHandler<object>;
}

/** Binds an event message to its handler, keeping payload and handler types together. */
export function on<P extends object>(message: EventMessage<P>, handler: EventHandler<P>): Binding {
  return { message: message, handler: handler as EventHandler<object> };
}

export interface ConsumerDefinition {
  /** Durable name, unique within the service (`<service>-<name>` on the stream). */
  name: string;
  bindings: Binding[];
}

export type DecodedEvent = Pick<ConsumedEvent<object>, 'id' | 'subject' | 'payload' | 'deliveries'>;

type AfterCommit = () => void | Promise<void>;

/** What applying an event did: nothing (a duplicate), or its handler ran and left these steps for after the commit. */
export interface Applied {
  duplicate: boolean;
  afterCommit: AfterCommit[];
}

/** An event no retry can fix (unknown subject, bad payload): parked at once. */
export class PoisonEvent extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Without a uuid event id there is no way to apply an event exactly once. */
export function isEventId(id: string): boolean {
  return UUID.test(id);
}

/** The payload as its class, or a PoisonEvent naming the fields that are wrong. */
export async function validatedPayload(message: EventMessage<object>, raw: unknown): Promise<object> {
  if (raw === null || typeof raw !== 'object') throw new PoisonEvent('payload is not an object');
  const payload = plainToInstance(message.payload, raw);
  const problems = await validate(payload, { forbidUnknownValues: false });
  if (problems.length) throw new PoisonEvent(`invalid payload: ${problems.map((p) => p.property).join(', ')}`);
  return payload;
}

/**
 * The one place an event takes effect, for deliveries (EventConsumers) and replays (ParkedEvents):
 * in one transaction, `(consumer, event id)` is recorded in processed_events and, unless that row
 * existed (a duplicate), the handler runs. A redelivered event thus has no second effect.
 */
@Injectable()
export class EventApplier {
  private readonly logger = new Logger(EventApplier.name);

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
  ) {}

  /** One event in its own transaction, after `first` (if given) in that same transaction. */
  applyOnce(consumer: string, binding: Binding, event: DecodedEvent, first?: (manager: EntityManager) => Promise<void>): Promise<Applied> {
    return this.dataSource.transaction(async (manager) => {
      if (first) await first(manager);
      return this.applyIn(manager, consumer, binding, event);
    });
  }

  /**
   * Several events, in order, in ONE transaction (each under its own correlation id): all take effect or
   * none. Their processed_events rows are written by one statement first (one round trip for the batch,
   * not one per event); an event whose row was already there, or that came earlier in this batch, is a
   * duplicate.
   */
  applyAll(consumer: string, events: Array<{ binding: Binding; event: DecodedEvent; correlationId?: string }>): Promise<Applied[]> {
    return this.dataSource.transaction(async (manager) => {
      const recorded = await queryRows<{ event_id: string }>(
        manager,
        prepared(
          `INSERT INTO ${this.service}.processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        ),
        [consumer, events.map(({ event }) => event.id)],
      );
      const fresh = new Set(recorded.map((r) => r.event_id.toLowerCase()));
      const out: Applied[] = [];
      for (const { binding, event, correlationId } of events) {
        // delete: a second copy of the same event in this batch is a duplicate.
        const isNew = fresh.delete(event.id.toLowerCase());
        out.push(
          await RequestContext.run(correlationId, () =>
            isNew ? this.run(manager, binding, event) : this.duplicate(manager, consumer, event.id),
          ),
        );
      }
      return out;
    });
  }

  /** Inside a transaction: records the event as processed and, unless it was already, runs its handler. */
  private async applyIn(manager: EntityManager, consumer: string, binding: Binding, event: DecodedEvent): Promise<Applied> {
    const recorded = await queryRows(
      manager,
      prepared(
        `INSERT INTO ${this.service}.processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      ),
      [consumer, event.id],
    );
    return recorded.length === 0 ? this.duplicate(manager, consumer, event.id) : this.run(manager, binding, event);
  }

  /** The handler of an event just recorded as processed. */
  private async run(manager: EntityManager, binding: Binding, event: DecodedEvent): Promise<Applied> {
    const afterCommit: AfterCommit[] = [];
    await binding.handler({ ...event, afterCommit: (fn: AfterCommit) => afterCommit.push(fn) }, manager);
    return { duplicate: false, afterCommit };
  }

  /**
   * A later copy (a relay's republish): remember the event from now on, so the retention purge keeps
   * the row as long as this copy can be redelivered. Duplicates are rare: no cost on the usual path.
   */
  private async duplicate(manager: EntityManager, consumer: string, eventId: string): Promise<Applied> {
    await manager.query(`UPDATE ${this.service}.processed_events SET processed_at = now() WHERE consumer = $1 AND event_id = $2`, [
      consumer,
      eventId,
    ]);
    return { duplicate: true, afterCommit: [] };
  }

  /** The steps a handler left for after its commit, in order; a failing step is logged, never retried. */
  async runAfterCommit(consumer: string, eventId: string, steps: AfterCommit[]): Promise<void> {
    for (const fn of steps) {
      await Promise.resolve()
        .then(fn)
        .catch((err: Error) => this.logger.warn(`${consumer}: after-commit step of ${eventId} failed: ${err.message}`));
    }
  }
}
