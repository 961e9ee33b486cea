import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { BaseConfig } from '../config';
import { processLogger } from './logger.module';

/** The lines a process logger writes, parsed. */
function capture(): { lines: () => Record<string, any>[]; logger: ReturnType<typeof processLogger> } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = Object.assign(new BaseConfig(), { LOG_LEVEL: 'info' });
  return {
    logger: processLogger('test', config, sink),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

/** What pg throws on a unique violation, as TypeORM wraps it. */
function uniqueViolation(): QueryFailedError {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    code: '23505',
    detail: 'Key (email)=(ada.secret@example.com) already exists.',
    table: 'users',
  });
  return new QueryFailedError(
    'INSERT INTO auth.users (email, password_hash) VALUES ($1, $2)',
    ['ada.secret@example.com', '$argon2id$v=19$hunter2'],
    driverError,
  );
}

describe('error logs redact SQL values', () => {
  it('logs a QueryFailedError with its SQL, code and message but no parameter values and no detail', () => {
    const { logger, lines } = capture();
    logger.error({ err: uniqueViolation(), error_id: 'e1' }, 'unhandled error in a NATS handler');
    const [line] = lines();
    const text = JSON.stringify(line);
    expect(text).not.toContain('ada.secret@example.com');
    expect(text).not.toContain('hunter2');
    expect(line.err).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "users_email_key"',
      query: 'INSERT INTO auth.users (email, password_hash) VALUES ($1, $2)',
      parameters: '[redacted: 2 parameters]',
      code: '23505',
      detail: '[redacted]',
      driverError: { code: '23505', detail: '[redacted]', table: 'users' },
    });
    expect(line.err.stack).toContain('QueryFailedError');
    expect(line.error_id).toBe('e1');
  });

  it('redacts a bare pg error detail, leaves the original error as it was, and other errors as pino logs them', () => {
    const { logger, lines } = capture();
    const pgError = Object.assign(new Error('insert or update violates foreign key constraint'), {
      code: '23503',
      detail: 'Key (user_id)=(424242) is not present in table "users".',
    });
    logger.error({ err: pgError }, 'failed');
    logger.error({ err: new Error('plain failure') }, 'failed');
    const [first, second] = lines();
    expect(JSON.stringify(first)).not.toContain('424242');
    expect(first.err).toMatchObject({ code: '23503', detail: '[redacted]' });
    expect(pgError.detail).toContain('424242');
    expect(second.err).toMatchObject({ type: 'Error', message: 'plain failure' });
  });
});
