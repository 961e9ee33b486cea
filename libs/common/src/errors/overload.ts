import { COMMON_ERRORS } from '@app/contracts';
import { pgCode } from '@app/db';
import { DomainError } from './domain-error';

/** SQLSTATEs that mean "too much load right now", not a bug: statement cancelled (statement_timeout), too many connections, cannot connect now. */
const OVERLOAD_SQLSTATES: Record<string, string> = {
  '57014': 'a statement ran past its timeout',
  '53300': 'the database has no connection slot left',
  '57P03': 'the database cannot accept connections now',
};

/** pg-pool's and pg's own messages when no connection came in time. */
const POOL_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i;

/**
 * The database is saturated (no pooled connection within the wait, a statement cancelled by its
 * timeout, the server's connection limit): a retryable SERVICE_OVERLOADED instead of a 500. TypeORM
 * wraps query failures in QueryFailedError, which keeps the driver's SQLSTATE in `code`.
 */
export function overloadError(exception: unknown): DomainError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { message } = exception as { message?: unknown };
  const sqlState = pgCode(exception);
  const reason =
    (sqlState && OVERLOAD_SQLSTATES[sqlState]) ||
    (typeof message === 'string' && POOL_TIMEOUT.test(message) ? 'no database connection came free in time' : undefined);
  return reason ? new DomainError(COMMON_ERRORS.SERVICE_OVERLOADED, `Service overloaded: ${reason}; retry shortly`) : undefined;
}

/** SQLSTATEs of a database that went away: connection exceptions (class 08), the server shutting down or crashed. */
const UNREACHABLE_SQLSTATE = /^08|^57P0[12]$/;
/** Socket errors of a connection to a server that is not there (restarting, unreachable). */
const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH']);
/** pg's messages for a connection lost under a query (the server restarted or was killed). */
const CONNECTION_LOST =
  /Connection terminated unexpectedly|Connection terminated$|Client has encountered a connection error and is not queryable/i;

/**
 * The database cannot be reached (restarting, connection lost or refused): SERVICE_UNAVAILABLE, which
 * the gateway answers 503 with `Retry-After`, instead of a 500. Checked after overloadError (a pool
 * wait that timed out is overload, not an outage). Found by the fault suite's PostgreSQL restart.
 */
export function databaseUnavailableError(exception: unknown): DomainError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { code, message, driverError } = exception as {
    code?: unknown;
    message?: unknown;
    driverError?: { code?: unknown; message?: unknown };
  };
  const codes = [code, driverError?.code].filter((c): c is string => typeof c === 'string');
  const messages = [message, driverError?.message].filter((m): m is string => typeof m === 'string');
  const unreachable =
    codes.some((c) => UNREACHABLE_ERRNO.has(c) || (/^[0-9A-Z]{5}$/.test(c) && UNREACHABLE_SQLSTATE.test(c))) ||
    messages.some((m) => CONNECTION_LOST.test(m));
  return unreachable
    ? new DomainError(COMMON_ERRORS.SERVICE_UNAVAILABLE, 'Service unavailable: the database cannot be reached; retry shortly')
    : undefined;
}
