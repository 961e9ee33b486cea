import { CallHandler, ExecutionContext } from '@nestjs/common';
import { okMessage } from '@app/contracts';
import { lastValueFrom, of } from 'rxjs';
import { LocalizedMessagesInterceptor } from './localized-messages.interceptor';

describe('LocalizedMessagesInterceptor', () => {
  const interceptor = new LocalizedMessagesInterceptor();
  const context = (headers: Record<string, string>, user?: { locale: 'fr' | 'en' }) =>
    ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ headers, user }) }) }) as unknown as ExecutionContext;
  const answer = (body: unknown, ctx: ExecutionContext) =>
    lastValueFrom(interceptor.intercept(ctx, { handle: () => of(body) } as CallHandler));

  it('writes a success message in the request’s language, else the user’s, and drops its key', async () => {
    const body = { ...okMessage('ok.notes_updated'), application_id: 3 };
    expect(body.message).toBe('Notes updated.');
    expect(await answer(body, context({}))).toEqual({ message: 'Notes mises à jour.', application_id: 3 });
    expect(await answer(body, context({}, { locale: 'en' }))).toEqual({ message: 'Notes updated.', application_id: 3 });
    expect(await answer(body, context({ 'accept-language': 'fr' }, { locale: 'en' }))).toEqual({
      message: 'Notes mises à jour.',
      application_id: 3,
    });
  });

  it('leaves other bodies alone, and an unknown key keeps the service’s message', async () => {
    expect(await answer([{ message_key: 'x' }], context({}))).toEqual([{ message_key: 'x' }]);
    expect(await answer({ message: 'as is' }, context({}))).toEqual({ message: 'as is' });
    expect(await answer({ message: 'from a newer service', message_key: 'ok.future' }, context({}))).toEqual({
      message: 'from a newer service',
    });
  });
});
