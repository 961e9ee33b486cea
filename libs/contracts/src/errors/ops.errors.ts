import { defineErrors } from './error-code';

/** Operators' routes (/api/admin/events, maintenance). */
export const OPS_ERRORS = defineErrors('OPS', {
  /** No parked event with that id in that service (never parked, or already replayed). */
  PARKED_NOT_FOUND: 404,
  /** The parked event's handler failed again (or it cannot be handled at all); it stays parked with the new error. */
  REPLAY_FAILED: 409,
});
