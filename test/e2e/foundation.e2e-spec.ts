import { connect, JSONCodec } from 'nats';
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
      const metrics = await (await fetch(system.url('/metrics', name))).text();
      expect(metrics).toContain(`process_cpu_user_seconds_total{process="${name}"}`);
    }
  });

  it('each process holds one NATS connection per role (init hooks run once)', async () => {
    const connz = (await (await fetch(`http://127.0.0.1:${system.natsMonitorPort}/connz?limit=1024`)).json()) as { connections: { name?: string }[] };
    const names = connz.connections.map((c) => c.name ?? '').filter((n) => n && !n.startsWith('test')).sort();
    const expected = ALL_PROCESSES.flatMap((p) => (p === 'gateway' ? [`${p}-client`, `${p}-conn`] : [`${p}-client`, `${p}-conn`, `${p}-server`])).sort();
    expect(names).toEqual(expected);
  });

  it('answers /api/ping and a NATS round trip to every service, echoing the request id', async () => {
    const ping = await system.request('GET', '/api/ping');
    expect(ping.status).toBe(200);
    expect(ping.body).toEqual({ ping: 'pong', timestamp: expect.any(String), service: 'gateway' });
    for (const service of ['auth', 'jobs', 'applications', 'notifications']) {
      const res = await system.request('GET', `/api/system/ping/${service}`, { headers: { 'x-request-id': `test-correlation-${service}` } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ service, pong: true, correlation_id: `test-correlation-${service}` });
      expect(res.headers.get('x-request-id')).toBe(`test-correlation-${service}`);
    }
  });

  it('validates payloads in the service and answers {code, message, details} over NATS', async () => {
    const nc = await connect({ servers: system.nats.url });
    try {
      const codec = JSONCodec<{ err?: { code: string; message: string; details: { loc: string[] }[] }; response?: unknown }>();
      const reply = await nc.request('jobs.system.ping.v1', codec.encode({ pattern: 'jobs.system.ping.v1', data: { from: 42 }, id: 'x1' } as never), {
        timeout: 3000,
      });
      const body = codec.decode(reply.data);
      expect(body.response).toBeUndefined();
      expect(body.err).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [expect.objectContaining({ loc: ['body', 'from'] })] });
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

  it('stays ready when NATS stops, says so within 5 s, and serves requests over the HTTP fallback until NATS is back', async () => {
    const natsOf = async (name: (typeof ALL_PROCESSES)[number]) => {
      const res = await fetch(system.url('/health/ready', name));
      const body = (await res.json()) as { info?: { nats?: { connected?: boolean } } };
      return { status: res.status, connected: body.info?.nats?.connected };
    };
    await system.nats.stop();
    const stoppedAt = Date.now();
    try {
      await Promise.all(ALL_PROCESSES.map((name) => eventually(async () => (await natsOf(name)).connected === false, 5000, 200)));
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      for (const name of ALL_PROCESSES) expect({ name, ...(await natsOf(name)) }).toEqual({ name, status: 200, connected: false });

      const whileDown = await system.request('GET', '/api/system/ping/auth', { headers: { 'x-request-id': 'over-http' } });
      expect(whileDown.status).toBe(200);
      expect(whileDown.body).toMatchObject({ service: 'auth', pong: true, correlation_id: 'over-http' });
      const metrics = await (await fetch(system.url('/metrics'))).text();
      expect(metrics).toMatch(/nats_client_connected\{[^}]*\} 0/);
      expect(metrics).toMatch(/nats_request_duration_seconds_count\{[^}]*subject="auth.system.ping.v1"[^}]*transport="http"[^}]*outcome="ok"[^}]*\} [1-9]/);
    } finally {
      await system.nats.start();
    }
    for (const name of ALL_PROCESSES) await eventually(async () => (await natsOf(name)).connected === true, 20000);
    const metrics = await (await fetch(system.url('/metrics'))).text();
    expect(metrics).toMatch(/nats_client_connected\{[^}]*\} 1/);
    expect((await system.request('GET', '/api/system/ping/auth')).status).toBe(200);
  });

  it('a service and the gateway started while NATS is down serve over HTTP, and join NATS once it is back', async () => {
    await system.nats.stop();
    try {
      for (const name of ['jobs', 'gateway'] as const) {
        await system.processes.stop(name);
        await system.startProcess(name); // waits for /health/ready: the database answers, NATS is reported
        const ready = (await (await fetch(system.url('/health/ready', name))).json()) as { info: { nats: { connected: boolean } } };
        expect({ name, connected: ready.info.nats.connected }).toEqual({ name, connected: false });
      }
      const ping = await system.request('GET', '/api/system/ping/jobs');
      expect(ping.status).toBe(200);
      expect(ping.body).toMatchObject({ service: 'jobs', pong: true });
      // A user signs up and is served; only the live stream, which is NATS itself, is unavailable.
      const signup = await system.request('POST', '/api/auth/signup', {
        body: { email: `outage.${Date.now()}@example.com`, password: 'Str0ng!Passw0rd', first_name: 'Out', last_name: 'Age', role: 'candidate' },
      });
      expect(signup.status).toBe(201);
      const stream = await system.request('GET', '/api/notifications/stream', { token: signup.body.access_token });
      expect(stream.status).toBe(503);
      expect(stream.body).toEqual({ detail: expect.any(String), code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await system.nats.start();
    }
    await eventually(async () => {
      const res = await fetch(system.url('/health/ready', 'jobs'));
      const body = (await res.json()) as { info?: { nats?: { connected?: boolean } } };
      return res.status === 200 && body.info?.nats?.connected === true;
    }, 20000);
    // Both the gateway and the restarted service (which sent no request meanwhile) are back on NATS.
    for (const name of ['gateway', 'jobs'] as const) {
      await eventually(async () => /nats_client_connected\{[^}]*\} 1/.test(await (await fetch(system.url('/metrics', name))).text()), 20000);
    }
    const overNats = await system.request('GET', '/api/system/ping/jobs');
    expect(overNats.status).toBe(200);
    const handled = await (await fetch(system.url('/metrics', 'jobs'))).text();
    expect(handled).toMatch(/nats_handler_duration_seconds_count\{[^}]*subject="jobs.system.ping.v1"[^}]*\} [1-9]/);
    const gateway = await (await fetch(system.url('/metrics'))).text();
    expect(gateway).toMatch(/nats_request_duration_seconds_count\{[^}]*subject="jobs.system.ping.v1"[^}]*transport="nats"[^}]*outcome="ok"[^}]*\} [1-9]/);
  });

  it('runs the HTTP fallback only for callers with the internal token, with the same validation and error contract', async () => {
    const rpc = (subject: string, body: unknown) => system.rpc('jobs', subject, body);
    expect((await system.rpc('jobs', 'jobs.system.ping.v1', {}, '')).status).toBe(401);
    expect((await system.rpc('jobs', 'jobs.system.ping.v1', {}, 'x'.repeat(45))).status).toBe(401);

    const ok = await rpc('jobs.system.ping.v1', {});
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ response: expect.objectContaining({ service: 'jobs', pong: true }) });

    const { body: invalid } = await rpc('jobs.system.ping.v1', { from: 42 });
    expect(invalid).toEqual({ err: { code: 'VALIDATION_FAILED', message: expect.any(String), details: [expect.objectContaining({ loc: ['body', 'from'] })] } });

    // A service refuses a NUL character itself too (PostgreSQL cannot store it), whoever the caller.
    const { body: nul } = await rpc('jobs.system.ping.v1', { from: 'a\u0000' });
    expect(nul).toEqual({ err: { code: 'VALIDATION_FAILED', message: expect.any(String), details: [expect.objectContaining({ loc: ['body', 'from'], type: 'noNulCharacter' })] } });

    const { body: unknown } = await rpc('jobs.nothing.here.v1', {});
    expect(unknown).toEqual({ err: { code: 'NOT_FOUND', message: expect.any(String) } });

    // A request that arrives after its caller gave up (e.g. buffered while NATS reconnected) is not run.
    const late = await fetch(system.url('/internal/rpc/jobs.system.ping.v1', 'jobs'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-internal-token': system.env.INTERNAL_RPC_TOKEN!, 'x-request-deadline': String(Date.now() - 60000) },
      body: '{}',
    });
    expect(await late.json()).toEqual({ err: { code: 'SERVICE_TIMEOUT', message: expect.any(String) } });
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
