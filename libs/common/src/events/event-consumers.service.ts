import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CORRELATION_HEADER, EVENT_ID_HEADER, EventMessage, EVENTS_STREAM, ServiceName } from '@app/contracts';
import { AckPolicy, ConsumerEvents, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { RequestContext } from '../context/request-context';
import { NatsConnectionService } from '../nats/nats-connection.service';
import {
  Applied,
  Binding,
  ConsumerDefinition,
  DecodedEvent,
  EventApplier,
  isEventId,
  PoisonEvent,
  validatedPayload,
} from './event-applier';
import { EventConsumerMetrics } from './event-consumer.metrics';
import { ensureEventStream } from './event-stream';
import { EVENT_CREATED_AT_HEADER, SERVICE_NAME } from './outbox';
import { ParkedEventsRepository } from './parked-events.repository';

/** Deliveries of one event before it is parked for inspection instead of retried. */
export const MAX_DELIVERIES = 5;
const ACK_WAIT_MS = 30000;
/** Pause before consuming again when a consumer's message iterator ended on its own (server restart, consumer lost). */
const RESUME_DELAY_MS = 1000;
/** Most events applied in one transaction (see consumeForever). */
const MAX_BATCH = 32;
/** Delivered events waiting to be applied before the consumer stops pulling more. */
const MAX_QUEUED = 64;
/**
 * Life of each pull request (heartbeats every half of it). nats.js also waits a jittered 0.5-1.5x this
 * before retrying when, after a reconnect, it cannot yet read the consumer's info (its leader died with
 * the server the client was on): with its default of 30 s a consumer stalled 15-45 s after one NATS
 * server was killed (the fault suite caught it); 5 s bounds that to a few seconds, for one idle pull
 * request per consumer every 5 s.
 */
const PULL_EXPIRES_MS = 5000;

/** A delivered event ready to apply: its message (to ack), its handler and what the handler gets. */
interface Delivered {
  msg: JsMsg;
  binding: Binding;
  event: DecodedEvent;
}

/** The JetStream durable of a definition: one per definition, so its events keep their order. */
interface Lane {
  def: ConsumerDefinition;
  durable: string;
  /** The narrowest single filter covering the definition's subjects. */
  filter: string;
  bySubject: Map<string, Binding>;
}

/**
 * Durable JetStream consumers with explicit ack: the consumer loop. Each event takes effect exactly
 * once through EventApplier (one transaction with its processed_events row). A failing event is
 * retried with backoff and, after MAX_DELIVERIES, parked in parked_events (ParkedEventsRepository;
 * visible and replayable through ParkedEvents, not retried forever) and acknowledged.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly definitions: ConsumerDefinition[] = [];
  private readonly running: Array<{ messages?: ConsumerMessages; loop: Promise<void> }> = [];
  private stopping = false;
  private started = false;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly nats: NatsConnectionService,
    private readonly applier: EventApplier,
    private readonly parked: ParkedEventsRepository,
    private readonly metrics: EventConsumerMetrics,
  ) {}

  /** Call from a provider's constructor or onModuleInit; consumption starts at application bootstrap. */
  register(definition: ConsumerDefinition): void {
    this.definitions.push(definition);
    this.metrics.consumerRegistered(this.durable(definition));
  }

  /** The handler a registered consumer has for a subject (a parked event's replay). */
  bindingOf(consumer: string, subject: string): Binding | undefined {
    const def = this.definitions.find((d) => this.durable(d) === consumer);
    return def?.bindings.find((b) => b.message.subject === subject);
  }

  /** The definition's name: the key of its processed_events and parked_events rows. */
  private durable(def: ConsumerDefinition): string {
    return `${this.service}-${def.name}`;
  }

  /**
   * One durable per definition, `<service>-<name>`, with ONE filter subject: the narrowest wildcard
   * covering its events (nats-server 2.9 has no multi-subject filters). Events of the definition keep
   * their stream order (e.g. created before withdrawn for a counter); events the filter also matches
   * but the definition does not bind are acknowledged and skipped. One durable per subject instead
   * would let a withdrawal overtake its application.
   */
  private lane(def: ConsumerDefinition): Lane {
    const subjects = [...new Set(def.bindings.map((b) => b.message.subject))];
    return {
      def,
      durable: this.durable(def),
      filter: narrowestFilter(subjects),
      bySubject: new Map(def.bindings.map((b) => [b.message.subject, b])),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Idempotent: a second call (tests call hooks by hand) must not start a second set of loops.
    if (this.started || this.definitions.length === 0) return;
    this.started = true;
    for (const def of this.definitions) {
      const lane = this.lane(def);
      // With NATS already there the durable exists once bootstrap is done; otherwise consumeForever makes it.
      if (this.nats.hasConnected)
        await this.ensureConsumer(lane).catch((err: Error) => this.logger.warn(`${lane.durable}: ${err.message}`));
      this.metrics.laneStarted(lane.durable);
      const entry: { messages?: ConsumerMessages; loop: Promise<void> } = { loop: Promise.resolve() };
      entry.loop = this.consumeForever(lane, entry);
      this.running.push(entry);
      this.logger.log(`consuming ${[...lane.bySubject.keys()].join(', ')} as ${lane.durable} (filter ${lane.filter})`);
    }
  }

  private async ensureConsumer(lane: Lane): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    await ensureEventStream(jsm, this.nats.eventStreamReplicas);
    const existing = await jsm.consumers.info(EVENTS_STREAM, lane.durable).catch(() => undefined);
    if (existing) {
      if (existing.config.filter_subject === lane.filter && existing.config.ack_wait === nanos(ACK_WAIT_MS)) return;
      try {
        await jsm.consumers.update(EVENTS_STREAM, lane.durable, { filter_subject: lane.filter, ack_wait: nanos(ACK_WAIT_MS) });
        return;
      } catch (err) {
        // nats-server 2.9 cannot change a filter: start the durable again; processed_events keeps
        // the replayed events from having a second effect.
        this.logger.warn(`${lane.durable}: re-creating for filter ${lane.filter} (${(err as Error).message})`);
        await jsm.consumers.delete(EVENTS_STREAM, lane.durable).catch(() => undefined);
      }
    }
    const config = {
      durable_name: lane.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_deliver: -1,
      filter_subject: lane.filter,
    };
    await jsm.consumers.add(EVENTS_STREAM, config).catch(async (err) => {
      // A replica created it first: fine.
      if (!(await jsm.consumers.info(EVENTS_STREAM, lane.durable).catch(() => undefined))) throw err;
    });
  }

  /**
   * Keeps a consumer consuming until shutdown: if its message iterator ends or fails (the server
   * lost the consumer, a restart the client could not ride out), it is opened again rather than
   * leaving the service silently deaf while its events pile up.
   */
  private async consumeForever(lane: Lane, entry: { messages?: ConsumerMessages }): Promise<void> {
    // Start-up does not wait for NATS: the durable is made once it is there (and again below if lost).
    await this.nats.whenConnected().catch(() => undefined);
    if (this.stopping) return;
    await this.ensureConsumer(lane).catch((err: Error) => this.logger.warn(`${lane.durable}: ${err.message}`));
    while (!this.stopping) {
      try {
        const consumer = await this.nats.jetstream().consumers.get(EVENTS_STREAM, lane.durable);
        const messages = await consumer.consume({ max_messages: 32, expires: PULL_EXPIRES_MS });
        entry.messages = messages;
        if (this.stopping) messages.stop();
        void this.watch(lane, messages);
        await this.applyAsDelivered(lane, messages);
      } catch (err) {
        if (this.stopping) break;
        this.logger.warn(`${lane.durable}: consuming failed: ${(err as Error).message}`);
      }
      if (this.stopping) break;
      await new Promise((resolve) => setTimeout(resolve, RESUME_DELAY_MS));
      // The consumer (or the stream) may be gone: bring both back before consuming again.
      await this.ensureConsumer(lane).catch((err: Error) => this.logger.warn(`${lane.durable}: ${err.message}`));
    }
  }

  /**
   * Applies a lane's events in delivery order, as many as have arrived (up to MAX_BATCH) in ONE
   * transaction: under load a commit (a WAL flush) is shared by a batch instead of paid per event,
   * and when events trickle in a batch is one event, so nothing waits to fill it.
   */
  private async applyAsDelivered(lane: Lane, messages: ConsumerMessages): Promise<void> {
    const queue: JsMsg[] = [];
    let ended = false;
    let failure: Error | undefined;
    let wakeApplier: (() => void) | undefined;
    let wakePuller: (() => void) | undefined;
    const pulled = (async () => {
      try {
        for await (const msg of messages) {
          queue.push(msg);
          wakeApplier?.();
          // Back-pressure: stop pulling while the queue is full, so no delivery waits past its ack deadline.
          while (queue.length >= MAX_QUEUED && !this.stopping) await new Promise<void>((resolve) => (wakePuller = resolve));
        }
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
      } finally {
        ended = true;
        wakeApplier?.();
      }
    })();
    while (!ended || queue.length > 0) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => (wakeApplier = resolve));
        wakeApplier = undefined;
        continue;
      }
      const batch = queue.splice(0, MAX_BATCH);
      wakePuller?.();
      await this.applyBatch(lane, batch);
    }
    await pulled;
    if (failure) throw failure;
  }

  private async applyBatch(lane: Lane, batch: JsMsg[]): Promise<void> {
    const consumer = lane.durable;
    const ready: Delivered[] = [];
    for (const msg of batch) {
      const binding = lane.bySubject.get(msg.subject);
      if (!binding) {
        // Matched by the wildcard, not bound by this definition: not ours to handle.
        msg.ack();
        this.metrics.outcome(consumer, msg.subject, 'skipped');
        continue;
      }
      const id = this.eventId(msg);
      const payload = isEventId(id) ? await this.decode(binding.message, msg).catch(() => undefined) : undefined;
      if (!payload) {
        // Something is wrong with it: the one-event path says what (and parks it), in its turn.
        await this.applyBatchOf(lane, ready.splice(0));
        await RequestContext.run(this.correlationOf(msg), () => this.handle(lane.def, binding, msg));
        continue;
      }
      ready.push({ msg, binding, event: { id, subject: msg.subject, payload, deliveries: msg.info.redeliveryCount } });
    }
    await this.applyBatchOf(lane, ready);
  }

  /**
   * Decoded events in one transaction. If it fails, each half is tried again on its own, down to a
   * single event (`handle`: retried with backoff, then parked): a poison event costs its batch a few
   * extra transactions, not one each.
   */
  private async applyBatchOf(lane: Lane, ready: Delivered[]): Promise<void> {
    if (ready.length === 0) return;
    if (ready.length === 1) {
      const [{ msg, binding, event }] = ready;
      await RequestContext.run(this.correlationOf(msg), () => this.handle(lane.def, binding, msg, event.payload));
      return;
    }
    const consumer = lane.durable;
    let results: Applied[];
    try {
      results = await this.applier.applyAll(
        consumer,
        ready.map(({ msg, binding, event }) => ({ binding, event, correlationId: this.correlationOf(msg) })),
      );
    } catch (err) {
      this.logger.warn(`${consumer}: a batch of ${ready.length} failed (${(err as Error).message}); trying each half`);
      const half = Math.ceil(ready.length / 2);
      await this.applyBatchOf(lane, ready.slice(0, half));
      await this.applyBatchOf(lane, ready.slice(half));
      return;
    }
    for (const [i, { msg, event }] of ready.entries()) {
      if (event.deliveries > 1) this.metrics.redelivery(consumer, msg.subject);
      await this.settle(consumer, msg, event.id, results[i]);
    }
  }

  /** After the commit: acknowledge, count, and run the handler's after-commit steps (none for a duplicate). */
  private async settle(consumer: string, msg: JsMsg, eventId: string, { duplicate, afterCommit }: Applied): Promise<void> {
    msg.ack();
    this.metrics.outcome(consumer, msg.subject, duplicate ? 'duplicate' : 'ok');
    if (!duplicate) {
      this.metrics.applied(consumer, msg.subject, this.eventTime(msg));
      await this.applier.runAfterCommit(consumer, eventId, afterCommit);
    }
  }

  private eventId(msg: JsMsg): string {
    return msg.headers?.get(EVENT_ID_HEADER) || msg.headers?.get('Nats-Msg-Id') || '';
  }

  private correlationOf(msg: JsMsg): string | undefined {
    return msg.headers?.get(CORRELATION_HEADER) || undefined;
  }

  /**
   * The client keeps pulling from a consumer that is gone and only says so in its status: stop the
   * iterator then, so consumeForever re-creates the consumer (and the stream) and carries on.
   */
  private async watch(lane: Lane, messages: ConsumerMessages): Promise<void> {
    try {
      for await (const status of await messages.status()) {
        const type = status.type;
        if (type === ConsumerEvents.ConsumerDeleted || type === ConsumerEvents.ConsumerNotFound || type === ConsumerEvents.StreamNotFound) {
          this.logger.warn(`${lane.durable}: ${type}; re-creating it`);
          messages.stop();
          return;
        }
      }
    } catch {
      // The iterator ended: consumeForever decides what comes next.
    }
  }

  /** One event in its own transaction; `decoded` is its payload when the caller already validated it. */
  private async handle(def: ConsumerDefinition, binding: Binding | undefined, msg: JsMsg, decoded?: object): Promise<void> {
    const consumer = this.durable(def);
    const eventId = this.eventId(msg);
    const deliveries = msg.info.redeliveryCount;
    try {
      if (!binding) throw new PoisonEvent(`no handler for ${msg.subject}`);
      // Without a uuid event id there is no way to apply it exactly once.
      if (!isEventId(eventId)) throw new PoisonEvent(`event without a valid ${EVENT_ID_HEADER} header`);
      const payload = decoded ?? (await this.decode(binding.message, msg));
      if (deliveries > 1) this.metrics.redelivery(consumer, msg.subject);
      const applied = await this.applier.applyOnce(consumer, binding, { id: eventId, subject: msg.subject, payload, deliveries });
      await this.settle(consumer, msg, eventId, applied);
    } catch (err) {
      const error = err as Error;
      if (err instanceof PoisonEvent || deliveries >= MAX_DELIVERIES) {
        await this.park(consumer, eventId, msg, error, deliveries);
        return;
      }
      this.metrics.outcome(consumer, msg.subject, 'retry');
      this.logger.warn(`${consumer}: ${msg.subject} ${eventId} failed (delivery ${deliveries}): ${error.message}`);
      msg.nak(Math.min(30000, 250 * 2 ** deliveries));
    }
  }

  /**
   * When the event happened: its outbox row's creation (header set by the relay), so the lag
   * includes time spent in the outbox and in the stream; the stream's timestamp otherwise.
   */
  private eventTime(msg: JsMsg): number {
    const created = Date.parse(msg.headers?.get(EVENT_CREATED_AT_HEADER) ?? '');
    return Number.isFinite(created) ? created : msg.info.timestampNanos / 1e6;
  }

  private async decode(message: EventMessage<object>, msg: JsMsg): Promise<object> {
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      throw new PoisonEvent('payload is not JSON');
    }
    return validatedPayload(message, raw);
  }

  private async park(consumer: string, eventId: string, msg: JsMsg, error: Error, deliveries: number): Promise<void> {
    try {
      let payload: unknown = null;
      try {
        payload = msg.json();
      } catch {
        payload = { raw: msg.string() };
      }
      await this.parked.insert({
        consumer,
        eventId: eventId || `seq:${msg.seq}`,
        subject: msg.subject,
        payload,
        error: error.message,
        deliveries,
      });
      msg.term();
      this.metrics.outcome(consumer, msg.subject, 'parked');
      this.logger.error(`${consumer}: parked ${msg.subject} ${eventId} after ${deliveries} deliveries: ${error.message}`);
    } catch (parkError) {
      // Could not even park it (database down?): leave it to redelivery.
      this.logger.error(`${consumer}: could not park ${eventId}: ${(parkError as Error).message}`);
      msg.nak(5000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const { messages } of this.running) messages?.stop();
    await Promise.allSettled(this.running.map((r) => r.loop));
  }
}

/** `a.b.c.v1` alone; `a.b.>` for `a.b.c.v1` and `a.b.d.v1`; at least `events.>`. */
export function narrowestFilter(subjects: string[]): string {
  if (subjects.length === 1) return subjects[0];
  const split = subjects.map((s) => s.split('.'));
  const common: string[] = [];
  for (let i = 0; split.every((tokens) => i < tokens.length - 1 && tokens[i] === split[0][i]); i++) common.push(split[0][i]);
  return `${common.length ? common.join('.') : 'events'}.>`;
}
