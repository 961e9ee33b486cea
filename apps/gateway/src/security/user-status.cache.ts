import { Injectable } from '@nestjs/common';
import { AUTH_USER_STATUS, UserStatusResponse } from '@app/contracts';
import { ServiceClient } from '@app/common';
import { LRUCache } from 'lru-cache';

/**
 * Whether a credential issued at `iatSeconds` was revoked (password change/reset, sign-out everywhere).
 * Strict: the auth service gives a token issued after a revocation an iat not before it (TokensService.issue).
 */
export function tokenRevoked(status: UserStatusResponse, iatSeconds: number): boolean {
  return status.tokens_valid_after !== null && iatSeconds * 1000 < Date.parse(status.tokens_valid_after);
}

/** How long the gateway trusts a user's status: the most a deactivated user's token keeps working. */
const USER_STATUS_TTL_MS = 3000;
const MAX_ENTRIES = 50000;

/**
 * The auth service's word on whether a token's user still exists and is active, cached briefly per
 * user so a busy client costs one NATS request every few seconds, not one per HTTP request. On
 * lru-cache: concurrent misses for a user share one request, a failure is never kept, and a full
 * cache drops its least recently used users one at a time (not everyone at once, which would send
 * every user to the auth service together).
 */
@Injectable()
export class UserStatusCache {
  private readonly cache: LRUCache<number, UserStatusResponse, undefined>;

  constructor(private readonly services: ServiceClient) {
    this.cache = new LRUCache({
      max: MAX_ENTRIES,
      ttl: USER_STATUS_TTL_MS,
      // forget() (or an eviction) drops a look-up still running: its callers get undefined and ask again.
      allowStaleOnFetchAbort: true,
      fetchMethod: (userId) => this.ask(userId),
    });
  }

  async get(userId: number): Promise<UserStatusResponse> {
    return (await this.cache.fetch(userId)) ?? this.ask(userId);
  }

  /** Forget a user now (after this gateway itself changed them: deactivated, deleted, a new language). */
  forget(userId: number): void {
    this.cache.delete(userId);
  }

  private ask(userId: number): Promise<UserStatusResponse> {
    return this.services.request(AUTH_USER_STATUS, { user_id: userId });
  }
}
