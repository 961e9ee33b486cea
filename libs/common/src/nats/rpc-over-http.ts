import { Body, Controller, Headers, HttpCode, Injectable, Param, Post, UnauthorizedException } from '@nestjs/common';
import { NatsContext, Server } from '@nestjs/microservices';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  COMMON_ERRORS,
  CORRELATION_HEADER,
  DEADLINE_HEADER,
  INTERNAL_RPC_PATH,
  INTERNAL_TOKEN_HEADER,
  isRpcErrorBody,
  RpcEnvelope,
} from '@app/contracts';
import { headers as natsHeaders } from 'nats';
import { createHash, timingSafeEqual } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { BaseConfig } from '../config';
import { Public } from '../public.decorator';

type HandlerSource = Pick<Server, 'getHandlerByPattern' | 'transformToObservable'>;

/**
 * Gives HTTP callers the service's NATS request handlers: the handler a request on `subject` would
 * reach, with the same validation pipe, interceptors and error filter, so both transports answer alike.
 */
@Injectable()
export class RpcOverHttp {
  private server?: HandlerSource;

  /** Called by the bootstrap with the NATS server whose handlers are to be shared. */
  attach(server: HandlerSource): void {
    this.server = server;
  }

  async dispatch(subject: string, payload: unknown, headers: Record<string, string | undefined>): Promise<RpcEnvelope> {
    const handler = this.server?.getHandlerByPattern(subject);
    if (!handler || handler.isEventHandler) {
      return { err: { code: COMMON_ERRORS.NOT_FOUND.code, message: `No request handler for ${subject}` } };
    }
    const natsLike = natsHeaders();
    for (const name of [CORRELATION_HEADER, DEADLINE_HEADER]) {
      if (headers[name]) natsLike.set(name, headers[name]);
    }
    try {
      const result = this.server!.transformToObservable(await handler(payload, new NatsContext([subject, natsLike])));
      return { response: await lastValueFrom(result, { defaultValue: undefined }) };
    } catch (err) {
      // The RPC filter has already turned every failure into an error body.
      return { err: isRpcErrorBody(err) ? err : { code: COMMON_ERRORS.INTERNAL.code, message: 'Internal error' } };
    }
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** `POST /internal/rpc/:subject`: the HTTP fallback used while NATS is down (ServiceClient). Not part of the public API. */
@ApiExcludeController()
@Public()
@Controller(INTERNAL_RPC_PATH)
export class RpcOverHttpController {
  private readonly token: Buffer;

  constructor(
    private readonly rpc: RpcOverHttp,
    config: BaseConfig,
  ) {
    this.token = digest(config.INTERNAL_RPC_TOKEN);
  }

  @Post(':subject')
  @HttpCode(200)
  handle(
    @Param('subject') subject: string,
    @Body() payload: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<RpcEnvelope> {
    if (!timingSafeEqual(digest(headers[INTERNAL_TOKEN_HEADER] ?? ''), this.token)) {
      throw new UnauthorizedException('Missing or wrong internal token');
    }
    return this.rpc.dispatch(subject, payload, headers);
  }
}
