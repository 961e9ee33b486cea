import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { COMMON_ERRORS, DEFAULT_LOCALE, httpStatusForCode, Locale, RpcErrorBody, t, tryRender } from '@app/contracts';
import { DomainError, RemoteError } from '@app/common';
import type { Response } from 'express';
import { requestLocale } from './request-locale';
import { randomUUID } from 'node:crypto';
import { JSON_TOO_DEEP_TYPE } from './json-depth.middleware';

interface ErrorResponse {
  status: number;
  body: { detail: unknown; code: string; error_id?: string };
  headers?: Record<string, string>;
}

/** Codes for Nest's own HTTP exceptions (unknown route, throttler, ...). */
const CODE_BY_STATUS: Record<number, string> = {
  400: COMMON_ERRORS.BAD_REQUEST.code,
  401: COMMON_ERRORS.UNAUTHORIZED.code,
  403: COMMON_ERRORS.FORBIDDEN.code,
  404: COMMON_ERRORS.NOT_FOUND.code,
  409: COMMON_ERRORS.CONFLICT.code,
  413: COMMON_ERRORS.PAYLOAD_TOO_LARGE.code,
  415: COMMON_ERRORS.UNSUPPORTED_MEDIA_TYPE.code,
  422: COMMON_ERRORS.VALIDATION_FAILED.code,
  429: COMMON_ERRORS.RATE_LIMITED.code,
  503: COMMON_ERRORS.SERVICE_UNAVAILABLE.code,
  504: COMMON_ERRORS.SERVICE_TIMEOUT.code,
};

/** Seconds a client should wait: an overloaded service sheds load within a second, one that is down takes longer. */
function retryAfter(code: string): string {
  return code === COMMON_ERRORS.SERVICE_OVERLOADED.code ? '1' : '5';
}

/** What the person reads: the message the service named, else the code's own, else (a code we do not know) the service's text. */
function detailOf(body: RpcErrorBody, locale: Locale): string {
  return (body.key ? tryRender(locale, body.key, body.params) : undefined) ?? tryRender(locale, `error.${body.code}`) ?? body.message;
}

/**
 * The gateway's one error contract: `{"detail": "...", "code": "STABLE_CODE"}` with the status the
 * code maps to. A service's error code maps through the contracts' registry; anything unexpected
 * is a 500 with an error id that is logged with the stack trace, which the client never sees.
 * `detail` is written in the reader's language (requestLocale) from the i18n catalogues; the services'
 * English `message` is for logs. Validation details (422) stay machine-readable field lists.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const { status, body, headers } = this.toResponse(exception, requestLocale(http.getRequest()));
    if (headers) res.set(headers);
    res.status(status).json(body);
  }

  toResponse(exception: unknown, locale: Locale = DEFAULT_LOCALE): ErrorResponse {
    if (exception instanceof RemoteError || exception instanceof DomainError) {
      const body = exception instanceof RemoteError ? exception.body : exception.toBody();
      const status = httpStatusForCode(body.code);
      if (status >= 500 && status !== 503 && status !== 504) return this.internal(exception, locale);
      const detail =
        body.code === COMMON_ERRORS.VALIDATION_FAILED.code && Array.isArray(body.details) ? body.details : detailOf(body, locale);
      return { status, body: { detail, code: body.code }, headers: status === 503 ? { 'Retry-After': retryAfter(body.code) } : undefined };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response && 'detail' in response) {
        return { status, body: response as ErrorResponse['body'] };
      }
      // The readiness probe's 503 carries terminus's report of which dependency is down.
      if (status === 503 && typeof response === 'object') return { status, body: response as ErrorResponse['body'] };
      if (status >= 500) return this.internal(exception, locale);
      // Nest's own (unknown route, multer's file size...): the code's message in the reader's language.
      const code = CODE_BY_STATUS[status] ?? `HTTP_${status}`;
      return { status, body: { detail: tryRender(locale, `error.${code}`) ?? exception.message, code } };
    }
    // body-parser errors: malformed JSON, body too large, bad encoding.
    const parserError = exception as { status?: number; type?: string; message?: string };
    if (typeof parserError?.status === 'number' && typeof parserError.type === 'string' && parserError.status < 500) {
      const status = parserError.status;
      const code =
        parserError.type === JSON_TOO_DEEP_TYPE
          ? COMMON_ERRORS.JSON_TOO_DEEP.code
          : (CODE_BY_STATUS[status] ?? COMMON_ERRORS.BAD_REQUEST.code);
      const detail =
        parserError.type === 'entity.parse.failed'
          ? t(locale, 'error.malformed_json')
          : (tryRender(locale, `error.${code}`) ?? parserError.message ?? 'Bad request');
      return { status, body: { detail, code } };
    }
    return this.internal(exception, locale);
  }

  private internal(exception: unknown, locale: Locale): ErrorResponse {
    const errorId = randomUUID();
    this.logger.error({ err: exception, error_id: errorId }, 'unhandled error');
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { detail: t(locale, 'error.INTERNAL'), code: COMMON_ERRORS.INTERNAL.code, error_id: errorId },
    };
  }
}
