import { defineErrors } from './error-code';

/** Error codes of the jobs domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const JOBS_ERRORS = defineErrors('JOBS', {
  NOT_FOUND: 404,
});
