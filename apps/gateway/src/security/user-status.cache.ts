import { Injectable } from '@nestjs/common';
import { AUTH_USER_STATUS, UserStatusResponse } from '@app/contracts';
import { ServiceClient } from '@app/common';

/**
 * Whether a credential issued at `iatSeconds` was revoked (password change/reset, sign-out everywhere).
 * Strict: the auth service gives a token issued after a revocation an iat not before it (TokensService.issue).
 */
export function tokenRevoked(status: UserStatusResponse, iatSeconds: number): boolean {
  return status.tokens_valid_after !== null && iatSeconds * 1000 < Date.parse(status.tokens_valid_after);
}

/** How long the gateway trusts a user's status: the most a deactivated user's token keeps working. */
export const USER_STATUS_TTL_MS = 3000;
const MAX_ENTRIES = 50000;

/**
 * The auth service's word on whether a token's user still exists and is active, cached briefly per
 * user so a busy client costs one NATS request every few seconds, not one per HTTP request.
 */
@Injectable()
export class UserStatusCache {
  private readonly entries = new Map<number, { at: number; status: Promise<UserStatusResponse> }>();

  constructor(private readonly services: ServiceClient) {}

  get(userId: number): Promise<UserStatusResponse> {
    const now = Date.now();
    const cached = this.entries.get(userId);
    if (cached && now - cached.at < USER_STATUS_TTL_MS) return cached.status;
    const status = this.services.request(AUTH_USER_STATUS, { user_id: userId });
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(userId, { at: now, status });
    status.catch(() => this.entries.delete(userId)); // never cache a failure
    return status;
  }

  /** Forget a user now (after this gateway itself deactivated or deleted them). */
  forget(userId: number): void {
    this.entries.delete(userId);
  }
}
