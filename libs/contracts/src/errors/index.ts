import { APPLICATIONS_ERRORS } from './applications.errors';
import { AUTH_ERRORS } from './auth.errors';
import { COMMON_ERRORS } from './common.errors';
import { JOBS_ERRORS } from './jobs.errors';
import { NOTIFICATIONS_ERRORS } from './notifications.errors';
import { OPS_ERRORS } from './ops.errors';
import { ErrorCode } from './error-code';

export * from './error-code';
export * from './common.errors';
export * from './auth.errors';
export * from './jobs.errors';
export * from './applications.errors';
export * from './notifications.errors';
export * from './ops.errors';

/**
 * Every error code any service may send, with its HTTP status. A domain adds its file here
 * (`auth.errors.ts` exporting AUTH_ERRORS, ...) to this list so the gateway can map every code.
 */
const ALL_ERROR_GROUPS: ReadonlyArray<Record<string, ErrorCode>> = [
  COMMON_ERRORS,
  AUTH_ERRORS,
  JOBS_ERRORS,
  APPLICATIONS_ERRORS,
  NOTIFICATIONS_ERRORS,
  OPS_ERRORS,
];

const STATUS_BY_CODE = new Map<string, number>(
  ALL_ERROR_GROUPS.flatMap((group) => Object.values(group).map((e) => [e.code, e.status] as const)),
);

/** The HTTP status for a code; an unknown code is an internal error. */
export function httpStatusForCode(code: string): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}
