import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContextStore {
  correlationId: string;
  /** Epoch ms after which the caller no longer waits for the answer (a handled request's x-request-deadline). */
  deadline?: number;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/**
 * The correlation id of the request being handled, carried from HTTP into NATS headers and logs, and
 * the caller's deadline, which bounds the request's own requests and database work.
 */
export const RequestContext = {
  run<T>(correlationId: string | undefined, fn: () => T, deadline?: number): T {
    return storage.run({ correlationId: correlationId || randomUUID(), ...(Number.isFinite(deadline) ? { deadline } : {}) }, fn);
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  /**
   * Runs `fn` outside any request: what it schedules (a timer for background work) does not carry
   * the request's correlation id nor, above all, its deadline, which would end that work with the request.
   */
  detached<T>(fn: () => T): T {
    return storage.exit(fn);
  },
  /** Milliseconds until the caller's deadline (≤ 0 once it passed); undefined outside a request that has one. */
  remainingMs(): number | undefined {
    const deadline = storage.getStore()?.deadline;
    return deadline === undefined ? undefined : deadline - Date.now();
  },
};
