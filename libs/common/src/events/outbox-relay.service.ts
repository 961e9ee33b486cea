import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_ID_HEADER, EVENTS_STREAM, ServiceName } from '@app/contracts';
import { headers as natsHeaders } from 'nats';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics.service';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { EVENT_CREATED_AT_HEADER, Outbox, SERVICE_NAME } from './outbox';
import { RequestContext } from '../context/request-context';
import { prepared } from '@app/db';

const BATCH_SIZE = 100;
const POLL_INTERVAL_MS = 200;
const MAX_BACKOFF_MS = 5000;

interface OutboxRow {
  id: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
  created_iso: string;
}

/**
 * Publishes the outbox to JetStream, oldest first, with the outbox id as the message id, and marks
 * a row published only after the stream acknowledged it. Rows are claimed with SKIP LOCKED, so
 * replicas share the work; a crash between publish and mark republishes the row, which the stream
 * deduplicates by message id (and consumers by event id beyond the duplicate window).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private timerDue = 0;
  private again = false;
  private running?: Promise<void>;
  private stopped = false;
  private started = false;
  private failures = 0;
  private readonly published;
  private readonly publishErrors;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionService,
    private readonly outbox: Outbox,
    metrics: Metrics,
  ) {
    this.published = metrics.counter('outbox_published_total', 'Events published from the outbox to JetStream');
    this.publishErrors = metrics.counter('outbox_publish_errors_total', 'Failed attempts to publish an outbox event');
    metrics.gauge('outbox_lag_seconds', 'Age of the oldest unpublished outbox event (0 when none)', [], async (g) => {
      const [row] = await this.dataSource.query(
        `SELECT COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - MIN(created_at)), 0)::float8 AS lag FROM ${this.service}.outbox WHERE published_at IS NULL`,
      );
      g.set(Number(row.lag));
    });
    metrics.gauge('outbox_pending', 'Unpublished outbox events', [], async (g) => {
      const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.service}.outbox WHERE published_at IS NULL`);
      g.set(row.n);
    });
  }

  onApplicationBootstrap(): void {
    // Idempotent: a second call (tests call hooks by hand) must not start a second loop.
    if (this.started) return;
    this.started = true;
    this.outbox.onEnqueued(() => this.schedule(5));
    this.schedule(0);
  }

  /** Publishes everything pending now (tests and shutdown use it; normally the timer does). */
  async flush(): Promise<void> {
    while (!this.stopped && (await this.publishBatch()) === BATCH_SIZE);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    // Never postpone a pass already due sooner: under a steady stream of enqueues (each asking for a
    // pass in 5 ms) a pass that each one pushed back would never run.
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    // Enqueued from a request: the relay's pass must not inherit that request's context (its deadline would end the pass).
    this.timer = RequestContext.detached(() =>
      setTimeout(() => {
        this.timer = undefined;
        void this.tick();
      }, delayMs),
    );
  }

  private async tick(): Promise<void> {
    if (this.running) {
      // A pass is under way and may have claimed its rows before this event committed: go again at once after it.
      this.again = true;
      return;
    }
    this.again = false;
    this.running = (async () => {
      let delay = POLL_INTERVAL_MS;
      try {
        const count = await this.publishBatch();
        this.failures = 0;
        if (count === BATCH_SIZE || this.again) delay = 0;
      } catch (err) {
        this.failures += 1;
        this.publishErrors.inc();
        delay = Math.min(MAX_BACKOFF_MS, POLL_INTERVAL_MS * 2 ** this.failures);
        this.logger.warn(`outbox relay: ${(err as Error).message}; retrying in ${delay} ms`);
      }
      this.running = undefined;
      this.schedule(delay);
    })();
    await this.running;
  }

  /**
   * One transaction: claim a batch, publish it, mark those the stream acknowledged. The publishes
   * are pipelined (sent in order without waiting for each acknowledgement: one round trip per batch
   * instead of one per event; sequential acknowledgements made an apply wait seconds for its
   * notification under load). The stream stores them in the order sent; only the acknowledged
   * prefix is marked, so after a failure the rest is published again, in order, and the stream
   * drops the copies of those it already holds (same message id).
   */
  private async publishBatch(): Promise<number> {
    const js = this.nats.jetstream();
    const { count, error } = await this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        prepared(`SELECT id, subject, payload, headers, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_iso FROM ${this.service}.outbox
          WHERE published_at IS NULL ORDER BY created_at, id LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`),
      );
      // js.publish writes its message before its first await, so these go out in the rows' order.
      const acks = await Promise.allSettled(
        rows.map((row) => {
          const headers = natsHeaders();
          for (const [k, v] of Object.entries(row.headers ?? {})) headers.set(k, String(v));
          headers.set(EVENT_ID_HEADER, row.id);
          headers.set(EVENT_CREATED_AT_HEADER, row.created_iso);
          return js.publish(row.subject, JSON.stringify(row.payload), {
            msgID: row.id,
            headers,
            expect: { streamName: EVENTS_STREAM },
            timeout: 5000,
          });
        }),
      );
      const failed = acks.findIndex((ack) => ack.status === 'rejected');
      const done = rows.slice(0, failed === -1 ? rows.length : failed).map((row) => row.id);
      let failure: Error | undefined;
      if (failed !== -1) {
        failure = (acks[failed] as PromiseRejectedResult).reason as Error;
        await manager.query(`UPDATE ${this.service}.outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
          rows[failed].id,
          String(failure.message).slice(0, 1000),
        ]);
      }
      await this.markPublished(manager, done);
      return { count: rows.length, error: failure };
    });
    if (error) throw error;
    return count;
  }

  private async markPublished(manager: { query: DataSource['query'] }, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(prepared(`UPDATE ${this.service}.outbox SET published_at = clock_timestamp() WHERE id = ANY($1::uuid[])`), [ids]);
    this.published.inc(ids.length);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
