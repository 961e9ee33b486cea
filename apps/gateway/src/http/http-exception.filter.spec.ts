import { NotFoundException } from '@nestjs/common';
import { RemoteError } from '@app/common';
import { HttpErrorFilter } from './http-exception.filter';

describe('HttpErrorFilter', () => {
  const filter = new HttpErrorFilter();

  it('maps a service error code to its status and the contract body', () => {
    const res = filter.toResponse(new RemoteError({ code: 'AUTH.NOT_FOUND', message: 'No such user' }, 'auth.x.v1'));
    expect(res).toEqual({ status: 404, body: { detail: 'No such user', code: 'AUTH.NOT_FOUND' }, headers: undefined });
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
    const res = filter.toResponse(new RemoteError({ code: 'SERVICE_OVERLOADED', message: 'busy' }, 'jobs.x.v1'));
    expect(res).toEqual({ status: 503, body: { detail: 'busy', code: 'SERVICE_OVERLOADED' }, headers: { 'Retry-After': '1' } });
  });

  it('hides unexpected errors behind an error id', () => {
    const res = filter.toResponse(new TypeError('cannot read x of undefined'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: 'Internal server error', code: 'INTERNAL', error_id: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain('undefined');
  });

  it('gives Nest HTTP exceptions a stable code', () => {
    expect(filter.toResponse(new NotFoundException('Cannot GET /x')).body).toEqual({ detail: 'Cannot GET /x', code: 'NOT_FOUND' });
  });

  it('answers malformed JSON with 400', () => {
    const parserError = Object.assign(new SyntaxError('Unexpected end'), { status: 400, type: 'entity.parse.failed' });
    expect(filter.toResponse(parserError)).toEqual({ status: 400, body: { detail: 'Malformed JSON body', code: 'BAD_REQUEST' } });
  });

  it('answers a body nested too deep with 422 JSON_TOO_DEEP', () => {
    const tooDeep = Object.assign(new Error('JSON body nested deeper than 32 levels'), { status: 422, type: 'entity.too.deep' });
    expect(filter.toResponse(tooDeep)).toEqual({ status: 422, body: { detail: 'JSON body nested deeper than 32 levels', code: 'JSON_TOO_DEEP' } });
  });
});
