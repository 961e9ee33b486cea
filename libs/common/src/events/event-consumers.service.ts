import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CORRELATION_HEADER, EVENT_ID_HEADER, EVENTS_STREAM, EventMessage, ServiceName } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { Metrics } from '../metrics/metrics.service';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { ensureEventStream } from './event-stream';
import { SERVICE_NAME } from './outbox';

/** Deliveries of one event before it is parked for inspection instead of retried. */
export const MAX_DELIVERIES = 5;
const ACK_WAIT_MS = 30000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConsumedEvent<P> {
  /** The producer's outbox id (header x-event-id, also the JetStream message id). */
  id: string;
  subject: string;
  payload: P;
  deliveries: number;
}

/** Runs inside the transaction that also records the event as processed. */
export type EventHandler<P> = (event: ConsumedEvent<P>, manager: EntityManager) => Promise<void>;

interface Binding {
  message: EventMessage<object>;
  handler: EventHandler<object>;
}

/** Binds an event message to its handler, keeping payload and handler types together. */
export function on<P extends object>(message: EventMessage<P>, handler: EventHandler<P>): Binding {
  return { message: message as EventMessage<object>, handler: handler as EventHandler<object> };
}

export interface ConsumerDefinition {
  /** Durable name, unique within the service (`<service>-<name>` on the stream). */
  name: string;
  bindings: Binding[];
}

/**
 * Durable JetStream consumers with explicit ack. Each event is handled in one database transaction
 * that first records `(consumer, event_id)` in processed_events: a redelivered event finds its row
 * and has no second effect. A failing event is retried with backoff and, after MAX_DELIVERIES, parked
 * in parked_events (visible, not retried forever) and acknowledged.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly definitions: ConsumerDefinition[] = [];
  private readonly running: Array<{ messages: ConsumerMessages; loop: Promise<void> }> = [];
  private readonly handled;
  private readonly latency;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionService,
    metrics: Metrics,
  ) {
    this.handled = metrics.counter('events_handled_total', 'Events handled by outcome', ['consumer', 'subject', 'outcome']);
    this.latency = metrics.histogram('event_handle_lag_seconds', 'From publication to handled', ['consumer', 'subject']);
    metrics.gauge('events_consumer_pending', 'Events not yet delivered to a consumer', ['consumer'], async (g) => {
      const jsm = await this.nats.jetstreamManager();
      for (const def of this.definitions) {
        const info = await jsm.consumers.info(EVENTS_STREAM, this.durable(def)).catch(() => undefined);
        if (info) g.set({ consumer: this.durable(def) }, info.num_pending + info.num_ack_pending);
      }
    });
  }

  /** Call from a provider's constructor or onModuleInit; consumption starts at application bootstrap. */
  register(definition: ConsumerDefinition): void {
    this.definitions.push(definition);
  }

  private durable(def: ConsumerDefinition): string {
    return `${this.service}-${def.name}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.definitions.length === 0) return;
    const jsm = await this.nats.jetstreamManager();
    await ensureEventStream(jsm);
    for (const def of this.definitions) {
      const durable = this.durable(def);
      const config = {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ACK_WAIT_MS),
        max_deliver: -1,
        filter_subjects: def.bindings.map((b) => b.message.subject),
      };
      const existing = await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => undefined);
      if (existing) await jsm.consumers.update(EVENTS_STREAM, durable, { filter_subjects: config.filter_subjects, ack_wait: config.ack_wait });
      else await jsm.consumers.add(EVENTS_STREAM, config).catch(async (err) => {
        // A replica created it first: fine.
        if (!(await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => undefined))) throw err;
      });
      const consumer = await this.nats.jetstream().consumers.get(EVENTS_STREAM, durable);
      const messages = await consumer.consume({ max_messages: 32 });
      this.running.push({ messages, loop: this.consume(def, messages) });
      this.logger.log(`consuming ${config.filter_subjects.join(', ')} as ${durable}`);
    }
  }

  private async consume(def: ConsumerDefinition, messages: ConsumerMessages): Promise<void> {
    const bySubject = new Map(def.bindings.map((b) => [b.message.subject, b]));
    for await (const msg of messages) {
      const binding = bySubject.get(msg.subject);
      const correlationId = msg.headers?.get(CORRELATION_HEADER) || undefined;
      await RequestContext.run(correlationId, () => this.handle(def, binding, msg));
    }
  }

  private async handle(def: ConsumerDefinition, binding: Binding | undefined, msg: JsMsg): Promise<void> {
    const consumer = this.durable(def);
    const eventId = msg.headers?.get(EVENT_ID_HEADER) || msg.headers?.get('Nats-Msg-Id') || '';
    const deliveries = msg.info.redeliveryCount;
    try {
      if (!binding) throw new PoisonEvent(`no handler for ${msg.subject}`);
      // Without a uuid event id there is no way to apply it exactly once.
      if (!UUID.test(eventId)) throw new PoisonEvent(`event without a valid ${EVENT_ID_HEADER} header`);
      const payload = await this.decode(binding.message, msg);
      let duplicate = false;
      await this.dataSource.transaction(async (manager) => {
        const recorded = await manager.query(
          `INSERT INTO ${this.service}.processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumer, eventId],
        );
        if (recorded.length === 0) {
          duplicate = true;
          return;
        }
        await binding.handler({ id: eventId, subject: msg.subject, payload, deliveries }, manager);
      });
      msg.ack();
      this.handled.inc({ consumer, subject: msg.subject, outcome: duplicate ? 'duplicate' : 'ok' });
      if (!duplicate) this.latency.observe({ consumer, subject: msg.subject }, (Date.now() - msg.info.timestampNanos / 1e6) / 1000);
    } catch (err) {
      const error = err as Error;
      if (err instanceof PoisonEvent || deliveries >= MAX_DELIVERIES) {
        await this.park(consumer, eventId, msg, error, deliveries);
        return;
      }
      this.handled.inc({ consumer, subject: msg.subject, outcome: 'retry' });
      this.logger.warn(`${consumer}: ${msg.subject} ${eventId} failed (delivery ${deliveries}): ${error.message}`);
      msg.nak(Math.min(30000, 250 * 2 ** deliveries));
    }
  }

  private async decode(message: EventMessage<object>, msg: JsMsg): Promise<object> {
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      throw new PoisonEvent('payload is not JSON');
    }
    const payload = plainToInstance(message.payload, raw as object);
    const problems = await validate(payload, { forbidUnknownValues: false });
    if (problems.length) throw new PoisonEvent(`invalid payload: ${problems.map((p) => p.property).join(', ')}`);
    return payload;
  }

  private async park(consumer: string, eventId: string, msg: JsMsg, error: Error, deliveries: number): Promise<void> {
    try {
      let payload: unknown = null;
      try {
        payload = msg.json();
      } catch {
        payload = { raw: msg.string() };
      }
      await this.dataSource.query(
        `INSERT INTO ${this.service}.parked_events (consumer, event_id, subject, payload, error, deliveries) VALUES ($1, $2, $3, $4, $5, $6)`,
        [consumer, eventId || `seq:${msg.seq}`, msg.subject, JSON.stringify(payload), error.message.slice(0, 2000), deliveries],
      );
      msg.term();
      this.handled.inc({ consumer, subject: msg.subject, outcome: 'parked' });
      this.logger.error(`${consumer}: parked ${msg.subject} ${eventId} after ${deliveries} deliveries: ${error.message}`);
    } catch (parkError) {
      // Could not even park it (database down?): leave it to redelivery.
      this.logger.error(`${consumer}: could not park ${eventId}: ${(parkError as Error).message}`);
      msg.nak(5000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { messages } of this.running) messages.stop();
    await Promise.allSettled(this.running.map((r) => r.loop));
  }
}

/** An event no retry can fix (unknown subject, bad payload): parked at once. */
export class PoisonEvent extends Error {}
