import { ErrorCode } from './error-code';

/** Codes every service and the gateway may answer with; domain codes live beside them. */
export const COMMON_ERRORS = {
  BAD_REQUEST: { code: 'BAD_REQUEST', status: 400 },
  UNAUTHORIZED: { code: 'UNAUTHORIZED', status: 401 },
  FORBIDDEN: { code: 'FORBIDDEN', status: 403 },
  NOT_FOUND: { code: 'NOT_FOUND', status: 404 },
  CONFLICT: { code: 'CONFLICT', status: 409 },
  PAYLOAD_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  VALIDATION_FAILED: { code: 'VALIDATION_FAILED', status: 422 },
  /** A JSON body or payload nested deeper than JSON_MAX_DEPTH (libs/common): refused before anything walks it. */
  JSON_TOO_DEEP: { code: 'JSON_TOO_DEEP', status: 422 },
  /** A multipart upload with more fields, parts, files or header pairs than the route allows. */
  MULTIPART_LIMIT: { code: 'MULTIPART_LIMIT', status: 400 },
  RATE_LIMITED: { code: 'RATE_LIMITED', status: 429 },
  INTERNAL: { code: 'INTERNAL', status: 500 },
  SERVICE_UNAVAILABLE: { code: 'SERVICE_UNAVAILABLE', status: 503 },
  /**
   * The service is up but its database is saturated: no pooled connection within the wait, a statement
   * cancelled by its timeout (SQLSTATE 57014), or the server's connection limit (53300). Retryable:
   * the gateway answers 503 with `Retry-After: 1`.
   */
  SERVICE_OVERLOADED: { code: 'SERVICE_OVERLOADED', status: 503 },
  SERVICE_TIMEOUT: { code: 'SERVICE_TIMEOUT', status: 504 },
} as const satisfies Record<string, ErrorCode>;
