import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoData, loadDemoData } from '../../tools/demo-data';
import { ACCESS, accessMatrixMarkdown, Caller, CALLERS, expectedOutcome, MATRIX_BEGIN, MATRIX_END } from '../support/access-control';
import { eventually, TestSystem } from '../support/test-system';

const ROOT = join(__dirname, '..', '..');
/**
 * They end the caller's sessions or account: tried last, once every other operation has been tried,
 * each with a token from a fresh sign-in.
 */
const LAST = ['POST /api/auth/signout', 'POST /api/auth/signout-all', 'DELETE /api/auth/delete-account'];

/**
 * The access-control matrix (issue 11): every operation of the gateway's OpenAPI document, as an
 * anonymous caller, a candidate, an employer, an admin and a deactivated user, gets what the one
 * table in test/support/access-control.ts says: through (any answer but 401/403, never a 5xx), 401 or 403.
 */
describe('access control: every operation as every kind of caller', () => {
  let system: TestSystem;
  let demo: DemoData;
  const tokens = {} as Record<Caller, string | undefined>;
  const emails = {} as Record<'candidate' | 'employer' | 'admin', string>;

  beforeAll(async () => {
    const generous = '100000/60';
    system = await TestSystem.start('access', { RATE_LIMIT_SIGNUP: generous, RATE_LIMIT_SIGNIN: generous, RATE_LIMIT_REFRESH: generous });
    demo = await loadDemoData(system.url(''), system.natsTools);
    const signup = await system.request('POST', '/api/auth/signup', {
      body: {
        email: 'deactivated@example.com',
        password: 'Deactivated!Passw0rd',
        first_name: 'De',
        last_name: 'Activated',
        role: 'candidate',
      },
    });
    expect(signup.status).toBe(201);
    const off = await system.request('PUT', `/api/admin/users/${signup.body.user.id}/activate`, {
      token: demo.admin.token,
      body: { is_active: false },
    });
    expect(off.status).toBe(200);
    Object.assign(emails, { candidate: demo.candidates.alice.email, employer: demo.employers.emma.email, admin: demo.admin.email });
    Object.assign(tokens, {
      anonymous: undefined,
      candidate: demo.candidates.alice.token,
      employer: demo.employers.emma.token,
      admin: demo.admin.token,
      deactivated: signup.body.access_token,
    });
    // The gateway learns of the deactivation within its user-status cache's few seconds.
    await eventually(async () => (await system.request('GET', '/api/auth/me', { token: tokens.deactivated })).status === 403, 10000, 200);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('has an audience for exactly the operations of the OpenAPI document', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((verb) => `${verb.toUpperCase()} ${path}`));
    expect(Object.keys(ACCESS).sort()).toEqual(operations.sort());
  });

  it('is the matrix SECURITY.md shows', () => {
    const text = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
    const block = text.slice(text.indexOf(MATRIX_BEGIN) + MATRIX_BEGIN.length, text.indexOf(MATRIX_END)).trim();
    expect(block).toBe(accessMatrixMarkdown());
  });

  /** Status and code of one operation as one caller; a stream is closed once its headers are in. */
  async function call(operation: string, caller: Caller): Promise<{ status: number; code?: string }> {
    const [method, route] = operation.split(' ');
    const path = route.replace('{service}', 'auth').replace(/\{[^}]+\}/g, '999999');
    const headers: Record<string, string> = {};
    const token = tokens[caller];
    if (token) headers.authorization = `Bearer ${token}`;
    if (ACCESS[operation] === 'oauth-client') headers['x-oauth-client-secret'] = system.secrets.OAUTH_SIGNIN_SECRET;
    const hasBody = method !== 'GET' && method !== 'DELETE';
    if (hasBody) headers['content-type'] = 'application/json';
    const abort = new AbortController();
    const res = await fetch(system.url(path), { method, headers, body: hasBody ? '{}' : undefined, signal: abort.signal });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      abort.abort();
      return { status: res.status };
    }
    const text = await res.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      // not JSON (a file, a stream)
    }
    return { status: res.status, code };
  }

  async function signInAgain(caller: keyof typeof emails): Promise<void> {
    const res = await system.request('POST', '/api/auth/signin', { body: { email: emails[caller], password: demo.password } });
    expect(res.status).toBe(200);
    tokens[caller] = res.body.access_token;
  }

  it('lets through exactly whom the table names, and refuses the others with 401 or 403', async () => {
    const operations = [...Object.keys(ACCESS).filter((op) => !LAST.includes(op)), ...LAST];
    const wrong: string[] = [];
    let tried = 0;
    for (const operation of operations) {
      for (const caller of CALLERS) {
        if (LAST.includes(operation) && caller in emails) await signInAgain(caller as keyof typeof emails);
        const expected = expectedOutcome(ACCESS[operation], caller);
        const { status, code } = await call(operation, caller);
        tried += 1;
        const ok =
          status < 500 &&
          (expected === 'allowed'
            ? status !== 401 && status !== 403
            : expected === '401'
              ? status === 401 && code === 'UNAUTHORIZED'
              : status === 403 && code === (caller === 'deactivated' ? 'AUTH.INACTIVE_USER' : 'FORBIDDEN'));
        if (!ok) wrong.push(`${operation} as ${caller}: expected ${expected}, got ${status} ${code ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBe(Object.keys(ACCESS).length * CALLERS.length);
  }, 300000);
});
