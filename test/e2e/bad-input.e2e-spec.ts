import 'reflect-metadata';
import { DemoData, loadDemoData } from '../../tools/demo-data';
import { ALL_PROCESSES, eventually, TestSystem } from '../support/test-system';

/** Routes left out: they end sessions or delete accounts, which would cut off the probe's own tokens. */
const SKIPPED = ['/stream', '/signout', '/change-password', '/change-email', '/delete-account', '/activate', '/api/admin/users/{id}'];

const ODD_IDS = ['abc', '-1', '0', '99999999999', '1e3', '1.5', '%20', '9007199254740993'];
const ODD_QUERY_VALUES = ['-1', '99999999999999999999', 'abc', '', '1.5', '[]', '%00', 'x'.repeat(3000)];
const ODD_BODY_VALUES: unknown[] = [null, -1, 1e20, 'x'.repeat(20000), '', [], {}, true, 1.5, '2026-13-45', 'nul\u0000', { a: { b: 1 } }];
const MALFORMED_BODIES = ['{"x":', '[]', '"text"', 'null', '123', '{"__proto__":{"x":1}}'];

/** A valid body per route, so each odd field value is tried beside valid ones (and reaches the service). */
const VALID_BODIES: Record<string, object> = {
  'POST /api/auth/signup': {
    email: 'probe@example.com',
    password: 'Probe!Passw0rd2026',
    first_name: 'P',
    last_name: 'Q',
    role: 'candidate',
  },
  'POST /api/auth/signin': { email: 'alice.candidate@intowork.demo', password: 'wrong-password' },
  'POST /api/jobs/create': {
    title: 'Probe',
    description: 'A job',
    job_type: 'full_time',
    location_type: 'remote',
    salary_min: 1000,
    salary_max: 2000,
  },
  'PUT /api/jobs/{id}': { title: 'Probe 2' },
  'POST /api/companies': { name: 'Probe Co' },
  'PUT /api/companies/my-company': { name: 'Probe Co 2' },
  'PUT /api/candidates/profile': { phone: '123' },
  'POST /api/candidates/profile/experiences': { job_title: 'Dev', company_name: 'X', start_date: '2020-01-01' },
  'POST /api/candidates/profile/education': { school: 'X', degree: 'BSc', start_date: '2020-01-01' },
  'POST /api/candidates/profile/skills': { name: 'TS', level: 'expert' },
  'POST /api/applications/my/applications': { job_id: 1, cover_letter: 'hi' },
  'PUT /api/applications/employer/applications/{id}/status': { status: 'viewed' },
  'PUT /api/applications/employer/applications/{id}/notes': { notes: 'n' },
  'PUT /api/employers/me': { position: 'E' },
};

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Array<{ in: string; name: string }>; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/**
 * "Bad input gets a clear 4xx, never a 500": every route of the OpenAPI document, as each role and
 * anonymously, with odd path ids, odd query values, malformed bodies and an odd value in each body
 * field. Any 5xx fails the test with the request that caused it.
 */
describe('bad input: no route answers 5xx, whoever calls it', () => {
  let system: TestSystem;
  let demo: DemoData;
  let deactivatedToken: string;

  beforeAll(async () => {
    const generous = '100000/60';
    system = await TestSystem.start('badinput', {
      DB_MAINTENANCE_INTERVAL_S: '0',
      RATE_LIMIT_SIGNUP: generous,
      RATE_LIMIT_SIGNIN: generous,
      RATE_LIMIT_REFRESH: generous,
      RATE_LIMIT_FORGOT: generous,
      RATE_LIMIT_RESET: generous,
    });
    demo = await loadDemoData(system.url(''), system.natsTools);
    // A fifth caller: a user an admin deactivated, whose token is still within its lifetime.
    const signup = await system.request('POST', '/api/auth/signup', {
      body: {
        email: 'probe.deactivated@example.com',
        password: 'Deactivated!Passw0rd',
        first_name: 'De',
        last_name: 'Activated',
        role: 'employer',
      },
    });
    deactivatedToken = signup.body.access_token;
    await system.request('PUT', `/api/admin/users/${signup.body.user.id}/activate`, {
      token: demo.admin.token,
      body: { is_active: false },
    });
    await eventually(async () => (await system.request('GET', '/api/auth/me', { token: deactivatedToken })).status === 403, 10000, 200);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /**
   * Sends every odd request of every route; answers the 5xx ones and a count per status. With
   * `outage`, a 503 SERVICE_UNAVAILABLE (a service out of reach) is the expected answer, not a failure.
   */
  async function probe(outage = false): Promise<{ failures: string[]; statuses: Map<number, number> }> {
    const spec = (await (await fetch(system.url('/docs-json'))).json()) as OpenApi;
    const tokens: Array<string | undefined> = [
      undefined,
      demo.admin.token,
      demo.employers.emma.token,
      demo.candidates.alice.token,
      deactivatedToken,
    ];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const send = async (method: string, path: string, token: string | undefined, body?: unknown, raw?: string) => {
      const res = await system.request(method, path, {
        token,
        body,
        raw,
        headers: raw === undefined ? {} : { 'content-type': 'application/json' },
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const expected = outage && res.status === 503 && (res.body as { code?: string })?.code === 'SERVICE_UNAVAILABLE';
      if (res.status >= 500 && !expected) {
        const sent = raw ?? (body === undefined ? '' : JSON.stringify(body));
        failures.push(`${res.status} ${method} ${path} ${sent.slice(0, 120)} -> ${JSON.stringify(res.body).slice(0, 160)}`);
      }
    };

    for (const [route, operations] of Object.entries(spec.paths)) {
      if (SKIPPED.some((part) => route.includes(part))) continue;
      for (const [verb, operation] of Object.entries(operations)) {
        const method = verb.toUpperCase();
        const hasBody = method !== 'GET' && method !== 'DELETE';
        const params = operation.parameters ?? [];
        const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name);
        const schemaRef = operation.requestBody?.content?.['application/json']?.schema?.$ref;
        const valid = VALID_BODIES[`${method} ${route}`] ?? {};
        const fields = new Set([
          ...Object.keys(spec.components.schemas[schemaRef?.split('/').pop() ?? '']?.properties ?? {}),
          ...Object.keys(valid),
        ]);
        const at = (id: string) => route.replace(/\{[^}]+\}/g, id);
        for (const token of tokens) {
          if (route.includes('{'))
            for (const id of ODD_IDS) await send(method, at(encodeURIComponent(id)), token, hasBody ? valid : undefined);
          for (const name of queryNames) {
            for (const value of ODD_QUERY_VALUES)
              await send(method, `${at('1')}?${name}=${encodeURIComponent(value)}`, token, hasBody ? valid : undefined);
            await send(method, `${at('1')}?${name}=1&${name}=2`, token, hasBody ? valid : undefined);
          }
          if (!hasBody) continue;
          for (const raw of MALFORMED_BODIES) await send(method, at('1'), token, undefined, raw);
          for (const field of fields) for (const value of ODD_BODY_VALUES) await send(method, at('1'), token, { ...valid, [field]: value });
        }
      }
    }
    return { failures, statuses };
  }

  function expectProbeReachedServices(statuses: Map<number, number>): void {
    // The probe did run (over 10,000 requests) and reached the services, not only the gateway's validation.
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10000);
    expect(statuses.get(422)).toBeGreaterThan(1000);
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(100);
  }

  it('answers every odd request of every route with a status below 500', async () => {
    const { failures, statuses } = await probe();
    expect(failures).toEqual([]);
    expectProbeReachedServices(statuses);
    for (const token of [demo.admin.token, demo.employers.emma.token, demo.candidates.alice.token]) {
      expect((await system.request('GET', '/api/auth/me', { token })).status).toBe(200);
    }
    // Every process came through it ready.
    for (const name of ALL_PROCESSES) expect((await fetch(system.url('/health/ready', name))).status).toBe(200);
  }, 600000);

  it('with NATS stopped answers every one with its 4xx or 503 SERVICE_UNAVAILABLE at once: no other 5xx, no hang', async () => {
    await system.nats.stop();
    try {
      await eventually(async () => /nats_client_connected\{[^}]*\} 0/.test(await system.metrics()), 10000, 200);
      const { failures, statuses } = await probe(true);
      expect(failures).toEqual([]);
      expect(statuses.get(503)).toBeGreaterThan(1000);
      // The rate-limited routes (sign-up, sign-in…) count in NATS KV, so they answer 503 before validation.
      expect(statuses.get(422)).toBeGreaterThan(500);
    } finally {
      await system.nats.start();
    }
  }, 600000);
});
