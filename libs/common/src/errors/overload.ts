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
  const reason = (sqlState && OVERLOAD_SQLSTATES[sqlState]) || (typeof message === 'string' && POOL_TIMEOUT.test(message) ? 'no database connection came free in time' : undefined);
  return reason ? new DomainError(COMMON_ERRORS.SERVICE_OVERLOADED, `Service overloaded: ${reason}; retry shortly`) : undefined;
}
