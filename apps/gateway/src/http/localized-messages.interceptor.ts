import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { tryRender } from '@app/contracts';
import { map, Observable } from 'rxjs';
import { requestLocale } from './request-locale';

/**
 * A success answer's `message` in the reader's language: a body carrying `message_key` (okMessage, from a
 * service or a controller) gets its `message` rendered from the catalogue, and the key is dropped, so the
 * contract's shapes do not change.
 */
@Injectable()
export class LocalizedMessagesInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      map((body: unknown) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body) || !('message_key' in body)) return body;
        const { message_key: key, ...rest } = body as { message_key: unknown; message?: unknown };
        const message = typeof key === 'string' ? tryRender(requestLocale(context.switchToHttp().getRequest()), key) : undefined;
        return message === undefined ? rest : { ...rest, message };
      }),
    );
  }
}
