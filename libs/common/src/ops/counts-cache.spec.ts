import { DbConfig } from '@app/db';
import { Metrics } from '../metrics/metrics.service';
import { CountsCache } from './counts-cache';

function cacheWith(ttlMs: number): CountsCache {
  return new CountsCache(Object.assign(new DbConfig(), { DB_COUNTS_TTL_MS: ttlMs }), new Metrics('jobs'));
}

/** A count that answers `n` after a tick and says how often it ran. */
function counter(n: number) {
  const count = jest.fn(() => new Promise<number>((resolve) => setImmediate(() => resolve(n))));
  return count;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CountsCache', () => {
  it('counts a filter once while it is fresh, and concurrent misses share one count', async () => {
    const totals = cacheWith(60000);
    const count = counter(42);
    expect(await Promise.all([totals.get('a', count), totals.get('a', count), totals.get('a', count)])).toEqual([42, 42, 42]);
    expect(await totals.get('a', count)).toBe(42);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('keeps each filter apart', async () => {
    const totals = cacheWith(60000);
    expect(await totals.get('a', counter(1))).toBe(1);
    expect(await totals.get('b', counter(2))).toBe(2);
  });

  it('forget(key) drops that key only: it is counted again, the others stay', async () => {
    const totals = cacheWith(60000);
    const a = counter(1);
    const b = counter(2);
    await totals.get('a', a);
    await totals.get('b', b);
    totals.forget('a');
    await totals.get('a', a);
    await totals.get('b', b);
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([2, 1]);
  });

  it('past the TTL answers the known figure at once and recounts once in the background; past two TTLs it waits', async () => {
    const totals = cacheWith(300);
    let n = 1;
    const count = jest.fn(() => new Promise<number>((resolve) => setTimeout(() => resolve(n), 20)));
    expect(await totals.get('a', count)).toBe(1);
    n = 2;
    await sleep(320);
    expect(await Promise.all([totals.get('a', count), totals.get('a', count)])).toEqual([1, 1]);
    await count.mock.results[1].value;
    await sleep(10); // the cache stores it a few ticks later
    expect(await totals.get('a', count)).toBe(2);
    expect(count).toHaveBeenCalledTimes(2);
    n = 3;
    await sleep(620);
    expect(await totals.get('a', count)).toBe(3);
    expect(count).toHaveBeenCalledTimes(3);
  });

  it('a count running when a change forgets the figures is not kept, and its callers count again', async () => {
    const totals = cacheWith(60000);
    let n = 1;
    const count = jest.fn(() => new Promise<number>((resolve) => setTimeout(() => resolve(n), 20)));
    const running = totals.get('a', count);
    n = 2;
    totals.invalidate();
    expect(await running).toBe(2);
    expect(await totals.get('a', count)).toBe(2);
  });

  it('counts again after a change made here, and on every call with a TTL of 0', async () => {
    const totals = cacheWith(60000);
    const count = counter(7);
    await totals.get('a', count);
    await totals.get('a', count);
    expect(count).toHaveBeenCalledTimes(1);
    totals.invalidate();
    await totals.get('a', count);
    expect(count).toHaveBeenCalledTimes(2);
    const uncached = cacheWith(0);
    const each = counter(3);
    await uncached.get('a', each);
    await uncached.get('a', each);
    expect(each).toHaveBeenCalledTimes(2);
  });

  it('never keeps a failed count', async () => {
    const totals = cacheWith(60000);
    await expect(totals.get('a', () => Promise.reject(new Error('pool timeout')))).rejects.toThrow('pool timeout');
    expect(await totals.get('a', counter(5))).toBe(5);
  });
});
