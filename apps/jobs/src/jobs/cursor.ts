import { DomainError } from '@app/common';
import { JOBS_ERRORS } from '@app/contracts';

/** The keyset position of the public list: the (posted_at, id) of the last job of a page. */
export interface ListCursor {
  postedAt: string;
  id: number;
}

/** Opaque to clients: base64url of JSON `[posted_at, id]`. posted_at keeps microseconds (as text from PostgreSQL). */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.postedAt, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): ListCursor {
  try {
    const [postedAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof postedAt === 'string' && !Number.isNaN(Date.parse(postedAt)) && Number.isInteger(id)) return { postedAt, id: id as number };
  } catch {
    // fall through
  }
  throw new DomainError(JOBS_ERRORS.INVALID_CURSOR);
}
