import { ArgumentsHost, Catch, HttpException, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { COMMON_ERRORS, isRpcErrorBody, RpcErrorBody } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { Observable, throwError } from 'rxjs';
import { DomainError, RemoteError } from './domain-error';
import { databaseUnavailableError, overloadError } from './overload';

/**
 * The one error contract of a service on NATS: whatever a handler throws leaves as
 * `{code, message, details?}`. Unknown failures are logged with an error id that is also sent,
 * so an operator can find the stack trace; the caller never sees it. A saturated database (pool
 * wait, statement timeout, connection limit) is SERVICE_OVERLOADED, and a database that cannot be reached
 * (restarting, connection lost) SERVICE_UNAVAILABLE: both retryable, not internal errors.
 */
@Catch()
export class AllRpcExceptionsFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toBody(exception));
  }

  toBody(exception: unknown): RpcErrorBody {
    if (exception instanceof DomainError) return exception.toBody();
    // TypeORM wraps what the driver threw: the DeadlinePool's refusal of a request whose caller gave up
    // is a DomainError (SERVICE_TIMEOUT), not an internal error.
    const driverError = (exception as { driverError?: unknown } | null)?.driverError;
    if (driverError instanceof DomainError) return driverError.toBody();
    if (exception instanceof RemoteError) return exception.body;
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (isRpcErrorBody(error)) return error;
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      if (isRpcErrorBody(response)) return response;
    }
    const overloaded = overloadError(exception) ?? databaseUnavailableError(exception);
    if (overloaded) {
      this.logger.warn(`${overloaded.message} (${(exception as Error).message})`);
      return overloaded.toBody();
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, error_id: errorId }, 'unhandled error in a NATS handler');
    return { code: COMMON_ERRORS.INTERNAL.code, message: 'Internal error', details: { error_id: errorId } };
  }
}
