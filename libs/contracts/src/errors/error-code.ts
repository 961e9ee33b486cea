/** What crosses NATS when a request fails: a stable code, a human message, optional details. */
export interface RpcErrorBody {
  code: string;
  message: string;
  details?: unknown;
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
