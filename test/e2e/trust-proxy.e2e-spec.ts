import 'reflect-metadata';
import { freePort } from '../../tools/lib/ports';
import { TestSystem } from '../support/test-system';

/**
 * Issue #11 item 8: behind one proxy (TRUST_PROXY=1) a client's IP is the address the proxy saw, the
 * right-most entry of X-Forwarded-For; whatever the client wrote itself to the left of it does not change
 * its rate-limit key. TRUST_PROXY=true (every hop trusted: the left-most, client-chosen entry) is refused.
 */
describe('TRUST_PROXY: the rate-limit key is the address the proxy vouches for', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('trust-proxy', { TRUST_PROXY: '1', RATE_LIMIT_FORGOT: '2/3600' }, ['auth', 'gateway']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** POST /forgot-password as relayed by one proxy: the client's own header, then the address the proxy saw. */
  const forgot = (clientClaim: string, seenByProxy: string) =>
    system.request('POST', '/api/auth/forgot-password', {
      body: { email: 'nobody@example.com' },
      headers: { 'x-forwarded-for': `${clientClaim}, ${seenByProxy}` },
    });

  it('counts a client by the address the proxy saw, whatever it claims itself', async () => {
    const statuses = [];
    for (const claim of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) statuses.push((await forgot(claim, '198.51.100.7')).status);
    expect(statuses).toEqual([200, 200, 429]);
    // Another client behind the same proxy has its own budget, with the same claims: the key is not the proxy's address either.
    expect((await forgot('203.0.113.3', '198.51.100.8')).status).toBe(200);
  });

  it('refuses TRUST_PROXY=true at start-up (exit 78) and says what to set instead', async () => {
    system.processes.start(
      'gateway',
      { ...system.env, TRUST_PROXY: 'true', GATEWAY_PORT: String(await freePort()) },
      { replica: 'trust-true' },
    );
    expect(await system.processes.waitExit('gateway', 30000, 'trust-true')).toBe(78);
    const output = system.processes.logs('gateway', 'trust-true').join('\n');
    expect(output).toMatch(/TRUST_PROXY must not be true: that trusts every hop/);
    expect(output).toMatch(/e\.g\. 1/);
  });
});
