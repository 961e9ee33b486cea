import { HttpException } from '@nestjs/common';
import { MulterError } from 'multer';
import { multipartError } from './multipart';

describe('multipartError', () => {
  const answer = (err: unknown) => {
    const mapped = multipartError(err);
    return mapped instanceof HttpException ? { status: mapped.getStatus(), code: (mapped.getResponse() as { code: string }).code } : mapped;
  };

  it('answers too many fields, parts or files 400 MULTIPART_LIMIT and too large a file or field 413', () => {
    for (const code of ['LIMIT_FIELD_COUNT', 'LIMIT_PART_COUNT', 'LIMIT_FILE_COUNT', 'LIMIT_FIELD_KEY'] as const) {
      expect(answer(new MulterError(code))).toEqual({ status: 400, code: 'MULTIPART_LIMIT' });
    }
    expect(answer(new MulterError('LIMIT_FIELD_VALUE', 'note'))).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(answer(new MulterError('LIMIT_FILE_SIZE', 'cv'))).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(answer(new MulterError('LIMIT_UNEXPECTED_FILE', 'other'))).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(answer(new Error('Unexpected end of form'))).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  it('leaves other failures alone (a 500 with an error id)', () => {
    const boom = new Error('disk on fire');
    expect(multipartError(boom)).toBe(boom);
  });
});
