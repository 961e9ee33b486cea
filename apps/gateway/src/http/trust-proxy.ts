import { isIP } from 'node:net';
import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** What Express's 'trust proxy' is given: a hop count, trusted addresses/CIDRs, or nothing (false). */
export type TrustProxy = number | string[] | false;

/** Express's names for address ranges (proxy-addr). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(item: string): boolean {
  if (NAMED_RANGES.has(item)) return true;
  const [address, prefix, extra] = item.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY → Express's 'trust proxy', or why not. `false` (or 0): no proxy, the peer is the client.
 * `N` (1..10): N proxies in front; the client is the address the outermost one saw (X-Forwarded-For's
 * N-th entry from the right), so whatever a client writes itself into the header is ignored.
 * `addr|cidr[,…]` (or loopback, linklocal, uniquelocal): trust those proxies' X-Forwarded-For.
 * `true` is refused: it trusts every hop, so the left-most address (the client's own claim) would be
 * its IP, and a client could pick a fresh one for each request past the rate limits.
 */
export function parseTrustProxy(value: string): { trust: TrustProxy } | { problem: string } {
  const text = value.trim();
  if (text === 'false' || text === '0') return { trust: false };
  if (text === 'true') {
    return {
      problem:
        'must not be true: that trusts every hop, so a client could choose its own IP (and escape the rate limits) with X-Forwarded-For; ' +
        'set the number of proxies in front of the gateway (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.0/8)',
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10 ? { trust: hops } : { problem: 'must be a number of proxy hops from 0 to 10' };
  }
  const items = text.split(',').map((item) => item.trim());
  const bad = items.filter((item) => !isAddressOrCidr(item));
  if (bad.length || !items.length)
    return { problem: `must be false, a hop count (e.g. 1) or a comma list of proxy addresses/CIDRs; not an address: ${bad.join(', ')}` };
  return { trust: items };
}

/** Why TRUST_PROXY is unusable, or undefined. */
function trustProxyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const parsed = parseTrustProxy(value);
  return 'problem' in parsed ? parsed.problem : undefined;
}

@ValidatorConstraint({ name: 'trustProxy' })
export class TrustProxyValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return trustProxyProblem(value) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${trustProxyProblem(args.value)}`;
  }
}
