import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContextStore {
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/** The correlation id of the request being handled, carried from HTTP into NATS headers and logs. */
export const RequestContext = {
  run<T>(correlationId: string | undefined, fn: () => T): T {
    return storage.run({ correlationId: correlationId || randomUUID() }, fn);
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};
