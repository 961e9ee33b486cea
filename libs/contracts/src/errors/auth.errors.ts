import { defineErrors } from './error-code';

/** Error codes of the auth domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const AUTH_ERRORS = defineErrors('AUTH', {
  NOT_FOUND: 404,
});
