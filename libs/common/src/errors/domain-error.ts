import { ErrorCode, RpcErrorBody } from '@app/contracts';

/** A rule of the domain was broken: carries a stable code that the gateway maps to an HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly error: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get code(): string {
    return this.error.code;
  }

  toBody(): RpcErrorBody {
    return { code: this.error.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/**
 * A failed NATS request as the caller sees it: the remote service's error body, or
 * SERVICE_UNAVAILABLE / SERVICE_TIMEOUT when nobody answered.
 */
export class RemoteError extends Error {
  constructor(readonly body: RpcErrorBody, readonly subject: string) {
    super(body.message);
    this.name = 'RemoteError';
  }

  get code(): string {
    return this.body.code;
  }
}
