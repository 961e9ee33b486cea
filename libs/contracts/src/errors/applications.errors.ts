import { defineErrors } from './error-code';

/** Error codes of the applications domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const APPLICATIONS_ERRORS = defineErrors('APPLICATIONS', {
  /** No such application, or not the caller's (candidate's own, or one to the employer's own jobs). */
  NOT_FOUND: 404,
  /** Applying to a job that does not exist or is not published. */
  JOB_NOT_FOUND: 404,
  /** The candidate already has a live (not rejected, not withdrawn) application to this job. */
  ALREADY_APPLIED: 409,
  /** A status change the workflow does not allow (e.g. from a final status). */
  INVALID_TRANSITION: 400,
  /** Withdrawing an accepted application. */
  CANNOT_WITHDRAW: 400,
  /** Withdrawing an application that is already withdrawn. */
  ALREADY_WITHDRAWN: 400,
});
