import { defineErrors } from './error-code';

/** Error codes of the applications domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const APPLICATIONS_ERRORS = defineErrors('APPLICATIONS', {
  NOT_FOUND: 404,
});
