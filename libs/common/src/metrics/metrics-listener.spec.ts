import { MetricsListener } from './metrics-listener';
import { Metrics } from './metrics.service';

describe('MetricsListener', () => {
  let listener: MetricsListener;
  let base: string;

  beforeEach(async () => {
    const metrics = new Metrics('unit');
    metrics.counter('unit_scrapes_total', 'A counter of this spec').inc(3);
    listener = new MetricsListener(metrics, { port: 0, host: '127.0.0.1' });
    await listener.onApplicationBootstrap();
    base = `http://127.0.0.1:${listener.address()!.port}`;
  });

  afterEach(async () => {
    await listener.onApplicationShutdown();
  });

  it('answers GET /metrics with the registry in the Prometheus text format', async () => {
    const res = await fetch(`${base}/metrics?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toMatch(/^unit_scrapes_total\{process="unit"\} 3$/m);
  });

  it('serves nothing else: 404 for another path, 405 for another method', async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/health/ready`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('closes on shutdown, open keep-alive connections included', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    await listener.onApplicationShutdown();
    expect(listener.address()).toBeUndefined();
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });

  it('refuses to start on a port already in use', async () => {
    const second = new MetricsListener(new Metrics('unit'), { port: listener.address()!.port, host: '127.0.0.1' });
    await expect(second.onApplicationBootstrap()).rejects.toThrow(/EADDRINUSE/);
  });
});
