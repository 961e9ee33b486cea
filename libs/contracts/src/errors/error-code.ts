/**
 * What crosses NATS when a request fails: a stable code, a message in English for logs, optional
 * details, and the message to show the person (`key` of the i18n catalogues with its `params`),
 * which the gateway renders in the reader's language (without a key: the code's own message).
 */
export interface RpcErrorBody {
  code: string;
  message: string;
  details?: unknown;
  key?: string;
  params?: Record<string, unknown>;
}

export interface ErrorCode {
  readonly code: string;
  /** The HTTP status the gateway answers with. */
  readonly status: number;
}

/** Declares a domain's error codes: `defineErrors('AUTH', { EMAIL_TAKEN: 409 })` → `AUTH.EMAIL_TAKEN`. */
export function defineErrors<K extends string>(domain: string, statuses: Record<K, number>): Record<K, ErrorCode> {
  const out = {} as Record<K, ErrorCode>;
  for (const key of Object.keys(statuses) as K[]) {
    out[key] = { code: `${domain}.${key}`, status: statuses[key] };
  }
  return out;
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorBody).code === 'string' &&
    typeof (value as RpcErrorBody).message === 'string'
  );
}
