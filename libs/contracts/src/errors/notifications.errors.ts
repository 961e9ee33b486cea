import { defineErrors } from './error-code';

/** Error codes of the notifications domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const NOTIFICATIONS_ERRORS = defineErrors('NOTIFICATIONS', {
  NOT_FOUND: 404,
});
