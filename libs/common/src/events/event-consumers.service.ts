import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  CORRELATION_HEADER,
  EVENT_ID_HEADER,
  EventMessage,
  EVENTS_STREAM,
  msg,
  OPS_ERRORS,
  ParkedEvent,
  ParkedListResponse,
  ParkedReplayResponse,
  ServiceName,
} from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AckPolicy, ConsumerEvents, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics.service';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { ensureEventStream } from './event-stream';
import { EVENT_CREATED_AT_HEADER, SERVICE_NAME } from './outbox';

/** Deliveries of one event before it is parked for inspection instead of retried. */
export const MAX_DELIVERIES = 5;
const ACK_WAIT_MS = 30000;
/** Pause before consuming again when a consumer's message iterator ended on its own (server restart, consumer lost). */
const RESUME_DELAY_MS = 1000;
const METRICS_NATS_TIMEOUT_MS = 1000;
/** Event-to-effect lag buckets: seconds up to the minutes an outage can hold events back. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Most events applied in one transaction (see consumeForever). */
const MAX_BATCH = 32;
/** Delivered events waiting to be applied before the consumer stops pulling more. */
const MAX_QUEUED = 64;

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

interface Binding {
  message: EventMessage<object>;
  handler: EventHandler<object>;
}

type DecodedEvent = Pick<ConsumedEvent<object>, 'id' | 'subject' | 'payload' | 'deliveries'>;

/** A delivered event ready to apply: its message (to ack), its handler and what the handler gets. */
interface Delivered {
  msg: JsMsg;
  binding: Binding;
  event: DecodedEvent;
}

/** Binds an event message to its handler, keeping payload and handler types together. */
export function on<P extends object>(message: EventMessage<P>, handler: EventHandler<P>): Binding {
  return { message: message, handler: handler as EventHandler<object> };
}

/** The JetStream durable of a definition: one per definition, so its events keep their order. */
interface Lane {
  def: ConsumerDefinition;
  durable: string;
  /** The narrowest single filter covering the definition's subjects. */
  filter: string;
  bySubject: Map<string, Binding>;
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
  private readonly allLanes: Lane[] = [];
  private readonly running: Array<{ messages?: ConsumerMessages; loop: Promise<void> }> = [];
  private stopping = false;
  private started = false;
  private readonly handled;
  private readonly latency;
  private readonly redelivered;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionService,
    metrics: Metrics,
  ) {
    this.handled = metrics.counter('events_handled_total', 'Events handled by outcome', ['consumer', 'subject', 'outcome']);
    this.latency = metrics.histogram(
      'event_handle_lag_seconds',
      'From the event (its outbox row) to its effect committed by this consumer',
      ['consumer', 'subject'],
      LAG_BUCKETS,
    );
    this.redelivered = metrics.counter('events_redelivered_total', 'Deliveries of an event after its first', ['consumer', 'subject']);
    metrics.gauge('events_parked', 'Events parked in parked_events (poison, not retried)', ['consumer'], async (g) => {
      if (this.definitions.length === 0) return;
      g.reset();
      const rows: Array<{ consumer: string; n: number }> = await this.dataSource.query(
        `SELECT consumer, count(*)::int AS n FROM ${this.service}.parked_events GROUP BY consumer`,
      );
      for (const def of this.definitions) g.set({ consumer: this.durable(def) }, 0);
      for (const row of rows) g.set({ consumer: row.consumer }, row.n);
    });
    metrics.gauge('events_consumer_pending', 'Events not yet delivered to a consumer, or not yet acknowledged', ['consumer'], async (g) => {
      if (this.allLanes.length === 0) return;
      // Bounded and never failing: a scrape must still answer (outbox, parked) while NATS is down.
      await withTimeout(METRICS_NATS_TIMEOUT_MS, async () => {
        const jsm = await this.nats.jetstreamManager();
        for (const lane of this.allLanes) {
          const info = await jsm.consumers.info(EVENTS_STREAM, lane.durable).catch(() => undefined);
          if (info) g.set({ consumer: lane.durable }, info.num_pending + info.num_ack_pending);
        }
      }).catch(() => undefined);
    });
  }

  /** Call from a provider's constructor or onModuleInit; consumption starts at application bootstrap. */
  register(definition: ConsumerDefinition): void {
    this.definitions.push(definition);
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
    return { def, durable: this.durable(def), filter: narrowestFilter(subjects), bySubject: new Map(def.bindings.map((b) => [b.message.subject, b])) };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Idempotent: a second call (tests call hooks by hand) must not start a second set of loops.
    if (this.started || this.definitions.length === 0) return;
    this.started = true;
    for (const def of this.definitions) {
      const lane = this.lane(def);
      // With NATS already there the durable exists once bootstrap is done; otherwise consumeForever makes it.
      if (this.nats.hasConnected) await this.ensureConsumer(lane).catch((err: Error) => this.logger.warn(`${lane.durable}: ${err.message}`));
      this.allLanes.push(lane);
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
        const messages = await consumer.consume({ max_messages: 32 });
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
        this.handled.inc({ consumer, subject: msg.subject, outcome: 'skipped' });
        continue;
      }
      const id = this.eventId(msg);
      const payload = UUID.test(id) ? await this.decode(binding.message, msg).catch(() => undefined) : undefined;
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
    let results: Array<{ duplicate: boolean; afterCommit: Array<() => void | Promise<void>> }>;
    try {
      results = await this.dataSource.transaction(async (manager) => {
        const out = [];
        for (const { msg, binding, event } of ready) {
          out.push(await RequestContext.run(this.correlationOf(msg), () => this.applyIn(manager, consumer, binding, event)));
        }
        return out;
      });
    } catch (err) {
      this.logger.warn(`${consumer}: a batch of ${ready.length} failed (${(err as Error).message}); trying each half`);
      const half = Math.ceil(ready.length / 2);
      await this.applyBatchOf(lane, ready.slice(0, half));
      await this.applyBatchOf(lane, ready.slice(half));
      return;
    }
    for (const [i, { msg, event }] of ready.entries()) {
      const { duplicate, afterCommit } = results[i];
      msg.ack();
      if (event.deliveries > 1) this.redelivered.inc({ consumer, subject: msg.subject });
      this.handled.inc({ consumer, subject: msg.subject, outcome: duplicate ? 'duplicate' : 'ok' });
      if (!duplicate) {
        this.latency.observe({ consumer, subject: msg.subject }, (Date.now() - this.eventTime(msg)) / 1000);
        await this.runAfterCommit(consumer, event.id, afterCommit);
      }
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
      if (!UUID.test(eventId)) throw new PoisonEvent(`event without a valid ${EVENT_ID_HEADER} header`);
      const payload = decoded ?? (await this.decode(binding.message, msg));
      if (deliveries > 1) this.redelivered.inc({ consumer, subject: msg.subject });
      const { duplicate, afterCommit } = await this.applyOnce(consumer, binding, { id: eventId, subject: msg.subject, payload, deliveries });
      msg.ack();
      this.handled.inc({ consumer, subject: msg.subject, outcome: duplicate ? 'duplicate' : 'ok' });
      if (!duplicate) {
        this.latency.observe({ consumer, subject: msg.subject }, (Date.now() - this.eventTime(msg)) / 1000);
        await this.runAfterCommit(consumer, eventId, afterCommit);
      }
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

  /**
   * The one place an event takes effect: one transaction that runs `first` (if given), records
   * `(consumer, event id)` in processed_events and, unless that row existed (a duplicate), runs the handler.
   */
  private async applyOnce(
    consumer: string,
    binding: Binding,
    event: { id: string; subject: string; payload: object; deliveries: number },
    first?: (manager: EntityManager) => Promise<void>,
  ): Promise<{ duplicate: boolean; afterCommit: Array<() => void | Promise<void>> }> {
    return this.dataSource.transaction(async (manager) => {
      if (first) await first(manager);
      return this.applyIn(manager, consumer, binding, event);
    });
  }

  /** Inside a transaction: records the event as processed and, unless it was already, runs its handler. */
  private async applyIn(
    manager: EntityManager,
    consumer: string,
    binding: Binding,
    event: DecodedEvent,
  ): Promise<{ duplicate: boolean; afterCommit: Array<() => void | Promise<void>> }> {
    const afterCommit: Array<() => void | Promise<void>> = [];
    const recorded = await manager.query(
      `INSERT INTO ${this.service}.processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, event.id],
    );
    if (recorded.length === 0) {
      // A later copy (a relay's republish): remember the event from now on, so the retention purge
      // keeps the row as long as this copy can be redelivered. Duplicates are rare: no cost on the usual path.
      await manager.query(`UPDATE ${this.service}.processed_events SET processed_at = now() WHERE consumer = $1 AND event_id = $2`, [consumer, event.id]);
      return { duplicate: true, afterCommit };
    }
    await binding.handler({ ...event, afterCommit: (fn: () => void | Promise<void>) => afterCommit.push(fn) }, manager);
    return { duplicate: false, afterCommit };
  }

  private async runAfterCommit(consumer: string, eventId: string, steps: Array<() => void | Promise<void>>): Promise<void> {
    for (const fn of steps) {
      await Promise.resolve()
        .then(fn)
        .catch((err: Error) => this.logger.warn(`${consumer}: after-commit step of ${eventId} failed: ${err.message}`));
    }
  }

  /** This service's parked events, newest first. */
  async listParked(limit = 100): Promise<ParkedListResponse> {
    const [events, [{ n }]] = await Promise.all([
      this.dataSource.query<ParkedEvent[]>(
        `SELECT id::int AS id, consumer, event_id, subject, payload, error, deliveries, parked_at
         FROM ${this.service}.parked_events ORDER BY parked_at DESC, id DESC LIMIT $1`,
        [limit],
      ),
      this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${this.service}.parked_events`),
    ]);
    return { events, total: n };
  }

  /**
   * Runs a parked event's handler again, once (after its cause was fixed): in one transaction the
   * parked row is deleted and the event applied as a delivery would (a duplicate only drops the row).
   * If the handler fails again the row stays, with the new error, and the caller gets OPS.REPLAY_FAILED.
   */
  async replayParked(id: number): Promise<ParkedReplayResponse> {
    const [row] = await this.dataSource.query<Array<Pick<ParkedEvent, 'id' | 'consumer' | 'event_id' | 'subject' | 'payload'>>>(
      `SELECT id::int AS id, consumer, event_id, subject, payload FROM ${this.service}.parked_events WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError(OPS_ERRORS.PARKED_NOT_FOUND, `No parked event ${id} in ${this.service}`);
    const def = this.definitions.find((d) => this.durable(d) === row.consumer);
    const binding = def?.bindings.find((b) => b.message.subject === row.subject);
    try {
      if (!binding) throw new PoisonEvent(`no handler for ${row.subject} in ${row.consumer}`);
      if (!UUID.test(row.event_id)) throw new PoisonEvent(`event without a valid ${EVENT_ID_HEADER}: it cannot be applied exactly once`);
      const payload = await this.validated(binding.message, row.payload);
      const { duplicate, afterCommit } = await this.applyOnce(row.consumer, binding, { id: row.event_id, subject: row.subject, payload, deliveries: 0 }, async (manager) => {
        const deleted = await manager.query(`DELETE FROM ${this.service}.parked_events WHERE id = $1 RETURNING id`, [id]);
        if (deleted.length === 0) throw new DomainError(OPS_ERRORS.PARKED_NOT_FOUND, `Parked event ${id} was replayed meanwhile`);
      });
      this.handled.inc({ consumer: row.consumer, subject: row.subject, outcome: 'replayed' });
      this.logger.log(`${row.consumer}: replayed parked ${row.subject} ${row.event_id} (${duplicate ? 'already applied' : 'applied'})`);
      if (!duplicate) await this.runAfterCommit(row.consumer, row.event_id, afterCommit);
      return { id, event_id: row.event_id, outcome: duplicate ? 'duplicate' : 'applied' };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const message = (err as Error).message;
      await this.dataSource.query(`UPDATE ${this.service}.parked_events SET error = $2 WHERE id = $1`, [id, `replay: ${message}`.slice(0, 2000)]);
      throw new DomainError(OPS_ERRORS.REPLAY_FAILED, msg('error.ops.replay_failed', { event_id: row.event_id, error: message }));
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
    return this.validated(message, raw);
  }

  /** The payload as its class, or a PoisonEvent naming the fields that are wrong. */
  private async validated(message: EventMessage<object>, raw: unknown): Promise<object> {
    if (raw === null || typeof raw !== 'object') throw new PoisonEvent('payload is not an object');
    const payload = plainToInstance(message.payload, raw);
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

/** Resolves with `work`, or rejects after `ms`. */
function withTimeout<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An event no retry can fix (unknown subject, bad payload): parked at once. */
export class PoisonEvent extends Error {}
