import { ErrorCode, MessageKey, Msg, RpcErrorBody, tryRender } from '@app/contracts';

/**
 * A rule of the domain was broken: carries a stable code that the gateway maps to an HTTP status.
 * `message` is what the person reads, rendered by the gateway in their language: a catalogue message
 * (`msg('error.cv.not_pdf')`), or by default the code's own (`error.<CODE>`). A plain string is for
 * operators only (logs): the person then reads the code's message.
 */
export class DomainError extends Error {
  readonly i18n?: Msg;

  constructor(
    readonly error: ErrorCode,
    message?: Msg | string,
    readonly details?: unknown,
  ) {
    const i18n = typeof message === 'string' ? undefined : (message ?? { key: `error.${error.code}` as MessageKey });
    // The log line stays English, whatever the reader's language.
    super(typeof message === 'string' ? message : (tryRender('en', i18n!.key, i18n!.params) ?? error.code));
    this.name = 'DomainError';
    this.i18n = i18n;
  }

  get code(): string {
    return this.error.code;
  }

  toBody(): RpcErrorBody {
    return {
      code: this.error.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.i18n ? { key: this.i18n.key, ...(this.i18n.params ? { params: this.i18n.params } : {}) } : {}),
    };
  }
}

/**
 * A failed NATS request as the caller sees it: the remote service's error body, or
 * SERVICE_UNAVAILABLE / SERVICE_TIMEOUT when nobody answered.
 */
export class RemoteError extends Error {
  constructor(
    readonly body: RpcErrorBody,
    readonly subject: string,
  ) {
    super(body.message);
    this.name = 'RemoteError';
  }

  get code(): string {
    return this.body.code;
  }
}
