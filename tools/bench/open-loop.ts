import { Agent, request } from 'node:http';
import type { Measure } from './report';

/**
 * Latency at a fixed rate, open loop: request i is sent at start + i / rate whether or not earlier
 * ones have answered, and its latency counts from that scheduled time (so a stall shows in every
 * request it delays: no coordinated omission). autocannon's `overallRate` is not this: each of its
 * connections sends its share of a second's requests back to back at the start of the second, so
 * its "fixed rate" latencies are those of a burst at full concurrency.
 */
export async function openLoop(opts: {
  url: string;
  headers?: Record<string, string | undefined>;
  rate: number;
  seconds: number;
  timeoutMs?: number;
}): Promise<Measure> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(opts.url);
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const count = Math.max(1, Math.round(opts.rate * opts.seconds));
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  const one = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, headers, agent, timeout: opts.timeoutMs ?? 10000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - scheduled);
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx += 1;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const scheduled = start + (i * 1000) / opts.rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(one(scheduled));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10 : NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), non2xx, errors, total: latencies.length };
}
