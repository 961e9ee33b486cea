import { Injectable } from '@nestjs/common';
import { EVENTS_STREAM } from '@app/contracts';
import { withTimeout } from '../async/with-timeout';
import { Metrics } from '../metrics/metrics.service';
import { NatsConnectionService } from '../nats/nats-connection.service';
import { ParkedEventsRepository } from './parked-events.repository';

/** What became of a delivered (or replayed) event: the `outcome` label of events_handled_total. */
export type EventOutcome = 'ok' | 'duplicate' | 'skipped' | 'retry' | 'parked' | 'replayed';

const METRICS_NATS_TIMEOUT_MS = 1000;
/** Event-to-effect lag buckets: seconds up to the minutes an outage can hold events back. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/**
 * The consumers' metrics: outcomes, redeliveries and event-to-effect lag as they happen, and at
 * scrape time the parked events (database) and the events each durable still has to deliver (NATS).
 */
@Injectable()
export class EventConsumerMetrics {
  private readonly handled;
  private readonly latency;
  private readonly redelivered;
  /** Registered consumers (their durable names): each has an events_parked series, 0 when none. */
  private readonly consumers: string[] = [];
  /** Durables being consumed: their pending count is asked of NATS. */
  private readonly lanes: string[] = [];

  constructor(metrics: Metrics, nats: NatsConnectionService, parked: ParkedEventsRepository) {
    this.handled = metrics.counter('events_handled_total', 'Events handled by outcome', ['consumer', 'subject', 'outcome']);
    this.latency = metrics.histogram(
      'event_handle_lag_seconds',
      'From the event (its outbox row) to its effect committed by this consumer',
      ['consumer', 'subject'],
      LAG_BUCKETS,
    );
    this.redelivered = metrics.counter('events_redelivered_total', 'Deliveries of an event after its first', ['consumer', 'subject']);
    metrics.gauge('events_parked', 'Events parked in parked_events (poison, not retried)', ['consumer'], async (g) => {
      if (this.consumers.length === 0) return;
      g.reset();
      const rows = await parked.countByConsumer();
      for (const consumer of this.consumers) g.set({ consumer }, 0);
      for (const row of rows) g.set({ consumer: row.consumer }, row.n);
    });
    metrics.gauge('events_consumer_pending', 'Events not yet delivered to a consumer, or not yet acknowledged', ['consumer'], async (g) => {
      if (this.lanes.length === 0) return;
      // Bounded and never failing: a scrape must still answer (outbox, parked) while NATS is down.
      await withTimeout(METRICS_NATS_TIMEOUT_MS, async () => {
        const jsm = await nats.jetstreamManager();
        for (const durable of this.lanes) {
          const info = await jsm.consumers.info(EVENTS_STREAM, durable).catch(() => undefined);
          if (info) g.set({ consumer: durable }, info.num_pending + info.num_ack_pending);
        }
      }).catch(() => undefined);
    });
  }

  /** A consumer was registered: its parked count is reported (0 included). */
  consumerRegistered(consumer: string): void {
    this.consumers.push(consumer);
  }

  /** A durable is being consumed: its pending count is reported. */
  laneStarted(durable: string): void {
    this.lanes.push(durable);
  }

  outcome(consumer: string, subject: string, outcome: EventOutcome): void {
    this.handled.inc({ consumer, subject, outcome });
  }

  redelivery(consumer: string, subject: string): void {
    this.redelivered.inc({ consumer, subject });
  }

  /** An event took effect: `eventTime` (ms) is when it happened, so the lag includes outbox and stream. */
  applied(consumer: string, subject: string, eventTime: number): void {
    this.latency.observe({ consumer, subject }, (Date.now() - eventTime) / 1000);
  }
}
