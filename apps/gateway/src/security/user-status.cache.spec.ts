import { ServiceClient } from '@app/common';
import { UserStatusResponse } from '@app/contracts';
import { UserStatusCache } from './user-status.cache';

const ACTIVE: UserStatusResponse = { exists: true, is_active: true, role: 'candidate', tokens_valid_after: null };

/** A ServiceClient whose answers the test controls, counting the requests made. */
function fakeAuth(answer: () => Promise<UserStatusResponse>) {
  const request = jest.fn(() => answer());
  return { cache: new UserStatusCache({ request } as unknown as ServiceClient), request };
}

describe('UserStatusCache', () => {
  it('asks the auth service once for concurrent look-ups of a user, then answers from the cache', async () => {
    const { cache, request } = fakeAuth(() => new Promise((resolve) => setTimeout(() => resolve(ACTIVE), 20)));
    expect(await Promise.all([cache.get(1), cache.get(1), cache.get(1)])).toEqual([ACTIVE, ACTIVE, ACTIVE]);
    expect(await cache.get(1)).toEqual(ACTIVE);
    expect(request).toHaveBeenCalledTimes(1);
    await cache.get(2);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('never keeps a failure', async () => {
    let fail = true;
    const { cache, request } = fakeAuth(() => (fail ? Promise.reject(new Error('auth down')) : Promise.resolve(ACTIVE)));
    await expect(cache.get(1)).rejects.toThrow('auth down');
    fail = false;
    expect(await cache.get(1)).toEqual(ACTIVE);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('asks again after forget(), even when a look-up was running then', async () => {
    let answer = ACTIVE;
    const { cache, request } = fakeAuth(() => new Promise((resolve) => setTimeout(() => resolve(answer), 20)));
    await cache.get(1);
    cache.forget(1);
    answer = { ...ACTIVE, is_active: false };
    const running = cache.get(1);
    cache.forget(1);
    expect(await running).toEqual(answer);
    expect(await cache.get(1)).toEqual(answer);
    expect(request).toHaveBeenCalledTimes(4);
  });
});
