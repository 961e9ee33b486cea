import { defineErrors } from './error-code';

/** Error codes of the jobs domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const JOBS_ERRORS = defineErrors('JOBS', {
  NOT_FOUND: 404,
  /** The job exists and is visible, but the caller does not own it. */
  NOT_OWNER: 403,
  /** Creating a job needs a company (POST /api/companies or PUT /api/employers/me). */
  COMPANY_REQUIRED: 403,
  COMPANY_NOT_FOUND: 404,
  /** The employer already belongs to a company. */
  ALREADY_IN_COMPANY: 409,
  /** Joining a company someone else runs needs an invitation, which this product does not have yet. */
  COMPANY_JOIN_FORBIDDEN: 403,
  INVALID_SALARY_RANGE: 400,
  INVALID_DATES: 400,
  INVALID_STATUS_TRANSITION: 409,
  INVALID_CURSOR: 400,
});
