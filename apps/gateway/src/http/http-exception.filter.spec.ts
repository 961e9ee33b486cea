import { NotFoundException } from '@nestjs/common';
import { DomainError, RemoteError } from '@app/common';
import { AUTH_ERRORS, msg } from '@app/contracts';
import { HttpErrorFilter } from './http-exception.filter';
import { requestLocale } from './request-locale';

describe('HttpErrorFilter', () => {
  const filter = new HttpErrorFilter();

  it('maps a service error code to its status and the contract body, the detail being the code’s message in the reader’s language', () => {
    const error = new RemoteError({ code: 'AUTH.NOT_FOUND', message: 'No such user' }, 'auth.x.v1');
    expect(filter.toResponse(error)).toEqual({
      status: 404,
      body: { detail: 'Utilisateur introuvable.', code: 'AUTH.NOT_FOUND' },
      headers: undefined,
    });
    expect(filter.toResponse(error, 'en').body).toEqual({ detail: 'User not found.', code: 'AUTH.NOT_FOUND' });
  });

  it('renders the message a service named, with its parameters, in the reader’s language; the English one is the log message', () => {
    const error = new DomainError(AUTH_ERRORS.WEAK_PASSWORD, msg('error.password.weak', { missing: ['password.requirement.digit'] }), {
      missing: ['digit'],
    });
    expect(error.message).toBe('Password needs a digit.');
    const remote = new RemoteError(error.toBody(), 'auth.x.v1');
    expect(filter.toResponse(remote, 'fr').body).toEqual({
      detail: 'Le mot de passe doit contenir un chiffre.',
      code: 'AUTH.WEAK_PASSWORD',
    });
    expect(filter.toResponse(remote, 'en').body).toEqual({ detail: 'Password needs a digit.', code: 'AUTH.WEAK_PASSWORD' });
  });

  it('a message key unknown to the catalogue (a newer service) falls back to the code’s message', () => {
    const unknownKey = new RemoteError({ code: 'JOBS.NOT_FOUND', message: 'Job not found', key: 'error.from.the.future' }, 'jobs.x.v1');
    expect(filter.toResponse(unknownKey, 'en').body.detail).toBe('Job not found.');
  });

  it('passes field problems of a service validation error as the detail list', () => {
    const details = [{ loc: ['body', 'email'], msg: 'must be an email', type: 'isEmail' }];
    const res = filter.toResponse(new RemoteError({ code: 'VALIDATION_FAILED', message: 'Invalid', details }, 'auth.x.v1'));
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: details, code: 'VALIDATION_FAILED' });
  });

  it('answers 503 with Retry-After when a service is unavailable', () => {
    const res = filter.toResponse(new RemoteError({ code: 'SERVICE_UNAVAILABLE', message: 'down' }, 'jobs.x.v1'));
    expect(res.status).toBe(503);
    expect(res.headers).toEqual({ 'Retry-After': '5' });
  });

  it('answers 503 with Retry-After: 1 when a service is overloaded', () => {
    const res = filter.toResponse(new RemoteError({ code: 'SERVICE_OVERLOADED', message: 'busy' }, 'jobs.x.v1'), 'en');
    expect(res).toEqual({
      status: 503,
      body: { detail: 'The service is busy; try again in a moment.', code: 'SERVICE_OVERLOADED' },
      headers: { 'Retry-After': '1' },
    });
  });

  it('hides unexpected errors behind an error id', () => {
    const res = filter.toResponse(new TypeError('cannot read x of undefined'), 'en');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: 'Internal server error.', code: 'INTERNAL', error_id: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain('undefined');
  });

  it('gives Nest HTTP exceptions a stable code and that code’s message', () => {
    expect(filter.toResponse(new NotFoundException('Cannot GET /x')).body).toEqual({ detail: 'Ressource introuvable.', code: 'NOT_FOUND' });
  });

  it('answers malformed JSON with 400', () => {
    const parserError = Object.assign(new SyntaxError('Unexpected end'), { status: 400, type: 'entity.parse.failed' });
    expect(filter.toResponse(parserError, 'en')).toEqual({ status: 400, body: { detail: 'Malformed JSON body.', code: 'BAD_REQUEST' } });
  });

  it('writes in the Accept-Language’s language first, else the user’s, else French', () => {
    expect(requestLocale({ headers: { 'accept-language': 'en-US,en;q=0.9' }, user: { locale: 'fr' } })).toBe('en');
    expect(requestLocale({ headers: { 'accept-language': 'de-DE' }, user: { locale: 'en' } })).toBe('en');
    expect(requestLocale({ headers: { 'accept-language': '*' } })).toBe('fr');
    expect(requestLocale({ headers: {} })).toBe('fr');
  });

  it('answers a body nested too deep with 422 JSON_TOO_DEEP', () => {
    const tooDeep = Object.assign(new Error('JSON body nested deeper than 32 levels'), { status: 422, type: 'entity.too.deep' });
    expect(filter.toResponse(tooDeep)).toEqual({
      status: 422,
      body: { detail: 'Le corps JSON est trop profondément imbriqué.', code: 'JSON_TOO_DEEP' },
    });
  });
});
