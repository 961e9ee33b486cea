import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a scrape answers (Prometheus text format 0.0.4). */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus registry and the metrics every process shares. Features register their
 * own metrics on `registry` (see `counter`, `gauge`, `histogram`).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly rpcRequested: Histogram<'subject' | 'outcome'>;
  readonly rpcHandled: Histogram<'subject' | 'outcome'>;

  constructor(processName: string) {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = this.histogram('http_request_duration_seconds', 'HTTP requests by route and status', ['method', 'route', 'status']);
    this.rpcRequested = this.histogram('nats_request_duration_seconds', 'Outgoing requests to other services by subject and outcome', [
      'subject',
      'outcome',
    ]);
    this.rpcHandled = this.histogram('nats_handler_duration_seconds', 'NATS requests handled by subject and outcome', [
      'subject',
      'outcome',
    ]);
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[], buckets = LATENCY_BUCKETS): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge whose value is read when Prometheus scrapes. */
  gauge<L extends string>(name: string, help: string, labelNames: L[] = [], collect?: (g: Gauge<L>) => void | Promise<void>): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect
        ? {
            collect(this: Gauge<L>) {
              return collect(this);
            },
          }
        : {}),
    });
  }
}
