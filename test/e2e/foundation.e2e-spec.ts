import { connect, headers as natsHeaders } from 'nats';
import { requestHandler } from '@app/common';
import { ALL_PROCESSES, eventually, TestSystem } from '../support/test-system';

/**
 * The wiring of issue 2, through real processes, a real PostgreSQL and a private nats-server:
 * probes, the error contract across NATS, and behaviour when a service or NATS goes away.
 */
describe('foundation: five processes on PostgreSQL and NATS', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('foundation');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('every process is live and ready, and serves Prometheus metrics', async () => {
    for (const name of ALL_PROCESSES) {
      const live = await fetch(system.url('/health/live', name));
      expect(live.status).toBe(200);
      const ready = await fetch(system.url('/health/ready', name));
      const body = (await ready.json()) as { info: Record<string, { status: string }> };
      expect({ name, status: ready.status }).toEqual({ name, status: 200 });
      expect(body.info.nats).toMatchObject({ status: 'up', connected: true });
      if (name !== 'gateway') expect(body.info.database.status).toBe('up');
      const metrics = await system.metrics(name);
      expect(metrics).toContain(`process_cpu_user_seconds_total{process="${name}"}`);
    }
  });

  it("serves the gateway's metrics on METRICS_PORT only: its public port answers 404 on /metrics", async () => {
    const publicPort = await system.request('GET', '/metrics');
    expect(publicPort.status).toBe(404);
    expect(JSON.stringify(publicPort.body)).not.toContain('process_cpu_user_seconds_total');
    expect((await fetch(system.url('/api/metrics'))).status).toBe(404);

    const scrape = await fetch(system.metricsUrl('gateway'));
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(scrape.headers.get('cache-control')).toBe('no-store');
    const text = await scrape.text();
    expect(text).toMatch(/^# HELP /m);
    expect(text).toContain('http_request_duration_seconds_bucket{');
    // Scrapes are not API requests: the listener is outside the gateway's HTTP stack.
    expect(text).not.toMatch(/http_request_duration_seconds_count\{[^}]*route="\/metrics"/);
    // Nothing else on that port.
    expect((await fetch(`http://127.0.0.1:${system.gatewayMetricsPort}/health/ready`)).status).toBe(404);
    expect((await fetch(system.metricsUrl('gateway'), { method: 'POST' })).status).toBe(405);
  });

  it('each process holds one NATS connection per role (init hooks run once)', async () => {
    const connz = (await (await fetch(`http://127.0.0.1:${system.natsMonitorPort}/connz?limit=1024`)).json()) as {
      connections: { name?: string }[];
    };
    const names = connz.connections
      .map((c) => c.name ?? '')
      .filter((n) => n && !n.startsWith('test'))
      .sort();
    const expected = ALL_PROCESSES.flatMap((p) => (p === 'gateway' ? [`${p}-conn`] : [`${p}-conn`, `${p}-server`])).sort();
    expect(names).toEqual(expected);
  });

  it('answers /api/ping and a NATS round trip to every service, echoing the request id', async () => {
    const ping = await system.request('GET', '/api/ping');
    expect(ping.status).toBe(200);
    expect(ping.body).toEqual({ ping: 'pong', timestamp: expect.any(String), service: 'gateway' });
    for (const service of ['auth', 'jobs', 'applications', 'notifications']) {
      const res = await system.request('GET', `/api/system/ping/${service}`, {
        headers: { 'x-request-id': `test-correlation-${service}` },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ service, pong: true, correlation_id: `test-correlation-${service}` });
      expect(res.headers.get('x-request-id')).toBe(`test-correlation-${service}`);
    }
  });

  it('validates payloads in the service and answers {code, message, details} over NATS', async () => {
    const nc = await connect(system.natsOptions());
    try {
      const body = (await requestHandler(nc, 'jobs.system.ping.v1', { from: 42 }, { timeout: 3000 })) as {
        err?: { code: string; message: string; details: { loc: string[] }[] };
        response?: unknown;
      };
      expect(body.response).toBeUndefined();
      expect(body.err).toEqual({
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [expect.objectContaining({ loc: ['body', 'from'] })],
      });
    } finally {
      await nc.close();
    }
  });

  it('serves the OpenAPI page and sets security headers', async () => {
    const docs = await fetch(system.url('/docs'));
    expect(docs.status).toBe(200);
    const res = await system.request('GET', '/api/ping');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers errors in the contract shape, never a stack trace', async () => {
    const unknown = await system.request('GET', '/api/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: expect.any(String), code: 'NOT_FOUND' });

    const badService = await system.request('GET', '/api/system/ping/nope');
    expect(badService.status).toBe(400);
    expect(badService.body.code).toBe('BAD_REQUEST');

    const malformed = await system.request('POST', '/api/ping', { raw: '{"x":', headers: { 'content-type': 'application/json' } });
    expect([400, 404]).toContain(malformed.status);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers 503/504 with the error body, not a hang, when a service is down', async () => {
    await system.processes.stop('jobs');
    const started = Date.now();
    const res = await system.request('GET', '/api/system/ping/jobs');
    expect([503, 504]).toContain(res.status);
    expect(res.body).toEqual({ detail: expect.any(String), code: expect.stringMatching(/^SERVICE_(UNAVAILABLE|TIMEOUT)$/) });
    expect(Date.now() - started).toBeLessThan(10000);
    await system.startProcess('jobs');
    expect((await system.request('GET', '/api/system/ping/jobs')).status).toBe(200);
  });

  /** A process's readiness and what it reports about NATS (under `details`, whether up or down). */
  const readiness = async (name: (typeof ALL_PROCESSES)[number]) => {
    const res = await fetch(system.url('/health/ready', name));
    const body = (await res.json()) as { details?: { nats?: { connected?: boolean } } };
    return { status: res.status, connected: body.details?.nats?.connected };
  };

  it('when NATS stops every process says so and is not ready within 5 s, requests answer 503 at once, and all is back with NATS', async () => {
    await system.nats.stop();
    const stoppedAt = Date.now();
    try {
      await Promise.all(ALL_PROCESSES.map((name) => eventually(async () => (await readiness(name)).connected === false, 5000, 200)));
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      for (const name of ALL_PROCESSES) expect({ name, ...(await readiness(name)) }).toEqual({ name, status: 503, connected: false });
      expect((await fetch(system.url('/health/live', 'jobs'))).status).toBe(200);

      const started = Date.now();
      const whileDown = await system.request('GET', '/api/system/ping/auth');
      expect(whileDown.status).toBe(503);
      expect(whileDown.body).toEqual({ detail: expect.any(String), code: 'SERVICE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(1000);
      const metrics = await system.metrics();
      expect(metrics).toMatch(/nats_client_connected\{[^}]*\} 0/);
      expect(metrics).toMatch(
        /nats_request_duration_seconds_count\{[^}]*subject="auth.system.ping.v1"[^}]*outcome="SERVICE_UNAVAILABLE"[^}]*\} [1-9]/,
      );
    } finally {
      await system.nats.start();
    }
    for (const name of ALL_PROCESSES) await eventually(async () => (await readiness(name)).status === 200, 20000);
    const metrics = await system.metrics();
    expect(metrics).toMatch(/nats_client_connected\{[^}]*\} 1/);
    expect((await system.request('GET', '/api/system/ping/auth')).status).toBe(200);
  });

  it('a service and the gateway started while NATS is down are live but not ready, and join NATS once it is back', async () => {
    await system.nats.stop();
    try {
      for (const name of ['jobs', 'gateway'] as const) {
        await system.processes.stop(name);
        system.processes.start(name, system.env);
        await eventually(async () => (await fetch(system.url('/health/live', name)).catch(() => undefined))?.status === 200, 30000, 200);
        expect({ name, ...(await readiness(name)) }).toEqual({ name, status: 503, connected: false });
      }
      const ping = await system.request('GET', '/api/system/ping/jobs');
      expect(ping.status).toBe(503);
      expect(ping.body).toEqual({ detail: expect.any(String), code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await system.nats.start();
    }
    for (const name of ['gateway', 'jobs'] as const) await eventually(async () => (await readiness(name)).status === 200, 20000);
    // Both the gateway and the restarted service (which sent no request meanwhile) are on NATS.
    for (const name of ['gateway', 'jobs'] as const) {
      await eventually(async () => /nats_client_connected\{[^}]*\} 1/.test(await system.metrics(name)), 20000);
    }
    const overNats = await system.request('GET', '/api/system/ping/jobs');
    expect(overNats.status).toBe(200);
    const handled = await (await fetch(system.url('/metrics', 'jobs'))).text();
    expect(handled).toMatch(/nats_handler_duration_seconds_count\{[^}]*subject="jobs.system.ping.v1"[^}]*\} [1-9]/);
  });

  it("a handler validates every caller's payload, and refuses a request that arrives after its caller gave up", async () => {
    expect(await system.rpc('jobs.system.ping.v1', {})).toEqual({ response: expect.objectContaining({ service: 'jobs', pong: true }) });
    // A service refuses a NUL character itself too (PostgreSQL cannot store it), whoever the caller.
    expect(await system.rpc('jobs.system.ping.v1', { from: 'a\u0000' })).toEqual({
      err: expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [expect.objectContaining({ loc: ['body', 'from'], type: 'noNulCharacter' })],
      }),
    });
    // E.g. a request NATS buffered while the caller's connection was re-established, sent after its deadline.
    const expired = natsHeaders();
    expired.set('x-request-deadline', String(Date.now() - 60000));
    expect(await system.rpc('jobs.system.ping.v1', {}, 10000, expired)).toEqual({
      err: expect.objectContaining({ code: 'SERVICE_TIMEOUT', message: expect.any(String) }),
    });
  });

  it('refuses to start with a clear message when configuration is invalid', async () => {
    system.processes.start('notifications', { ...system.env, NATS_URL: 'not-a-url', DB_POOL_MAX: 'many' }, { replica: 'badconfig' });
    const code = await system.processes.waitExit('notifications', 10000, 'badconfig');
    const output = system.processes.logs('notifications', 'badconfig').join('\n');
    expect(code).toBe(78);
    expect(output).toContain('NATS_URL');
    expect(output).toContain('DB_POOL_MAX');
  });
});
