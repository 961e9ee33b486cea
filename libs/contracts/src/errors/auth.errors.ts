import { defineErrors } from './error-code';

/** Error codes of the auth domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const AUTH_ERRORS = defineErrors('AUTH', {
  NOT_FOUND: 404,
  /** Sign-up or e-mail change to an address already in use (case-insensitive). */
  EMAIL_TAKEN: 409,
  /** The password policy is not met; details.missing names what is missing. */
  WEAK_PASSWORD: 400,
  /** Unknown e-mail or wrong password: one answer for both. */
  INVALID_CREDENTIALS: 401,
  INACTIVE_USER: 403,
  /** Refresh token unknown, expired, revoked or spent (a spent one also revokes its family). */
  INVALID_REFRESH_TOKEN: 401,
  /** change-password / change-email with a wrong current password. */
  WRONG_PASSWORD: 400,
  /** Reset or verification token unknown, used or expired. */
  INVALID_TOKEN: 400,
  /** POST /oauth/signin without the web client's secret (X-OAuth-Client-Secret), or with a wrong one. */
  OAUTH_FORBIDDEN: 403,
  /**
   * OAuth sign-in for the e-mail of an existing account whose address was never verified: the
   * provider identity is not linked (whoever signed up with that address may not own it). The owner
   * verifies the address (or signs in with the password) first.
   */
  OAUTH_EMAIL_NOT_VERIFIED: 409,
  /** OAuth sign-in to an admin account: admins sign in with their password only, never through a provider. */
  OAUTH_ADMIN_NOT_ALLOWED: 403,
  /** A write authenticated by the session cookie without the matching X-CSRF-Token header. */
  CSRF_FAILED: 403,
  PROFILE_NOT_FOUND: 404,
  EXPERIENCE_NOT_FOUND: 404,
  EDUCATION_NOT_FOUND: 404,
  SKILL_NOT_FOUND: 404,
  CV_NOT_FOUND: 404,
  /** Not a PDF (content type or magic bytes), or an upload whose chunks do not add up. */
  CV_INVALID: 400,
  /** Was: a CV too large for AUTH_CV_GET_ACTIVE's one reply (that RPC is gone: issue 11). Kept so the code is never reused. */
  CV_TOO_LARGE: 413,
  /** An experience or education whose end is before its start, or salary min above max. */
  INVALID_RANGE: 400,
});
