import { defineErrors } from './error-code';

/** Error codes of the notifications domain (code → HTTP status). Add codes here; never reuse one for another meaning. */
export const NOTIFICATIONS_ERRORS = defineErrors('NOTIFICATIONS', {
  /** No such notification, or another user's. */
  NOT_FOUND: 404,
  /** The live stream's ?ticket= is unknown, expired or not for this user. */
  INVALID_STREAM_TICKET: 401,
  /** The user already has NOTIFICATION_STREAMS_PER_USER live streams open on this gateway. */
  TOO_MANY_STREAMS: 429,
});
