import { COMMON_ERRORS } from './common.errors';
import { defineErrors, isRpcErrorBody } from './error-code';
import { httpStatusForCode } from './index';

describe('error codes', () => {
  it('prefixes a domain and keeps the status', () => {
    expect(defineErrors('JOBS', { NOT_OWNER: 403 })).toEqual({ NOT_OWNER: { code: 'JOBS.NOT_OWNER', status: 403 } });
  });

  it('maps registered codes to their status and unknown codes to 500', () => {
    expect(httpStatusForCode(COMMON_ERRORS.VALIDATION_FAILED.code)).toBe(422);
    expect(httpStatusForCode('AUTH.NOT_FOUND')).toBe(404);
    expect(httpStatusForCode('NO.SUCH_CODE')).toBe(500);
  });

  it('recognises an error body', () => {
    expect(isRpcErrorBody({ code: 'X', message: 'y' })).toBe(true);
    expect(isRpcErrorBody({ message: 'y' })).toBe(false);
    expect(isRpcErrorBody('boom')).toBe(false);
  });
});
