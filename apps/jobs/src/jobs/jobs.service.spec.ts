import { DomainError } from '@app/common';
import { decodeCursor, encodeCursor } from './cursor';
import { salaryRange, STATUS_TRANSITIONS } from './jobs.service';

describe('jobs rules', () => {
  it('formats the salary range of the detail page', () => {
    expect(salaryRange(45000, 60000, 'EUR')).toBe('45,000 - 60,000 EUR');
    expect(salaryRange(null, 60000, 'EUR')).toBeNull();
    expect(salaryRange(45000, null, 'USD')).toBeNull();
  });

  it('only moves forward along the lifecycle (re-opening a closed job is the one way back)', () => {
    expect(STATUS_TRANSITIONS.draft).toEqual(['published', 'archived']);
    expect(STATUS_TRANSITIONS.published).toEqual(['closed']);
    expect(STATUS_TRANSITIONS.closed).toEqual(['published', 'archived']);
    expect(STATUS_TRANSITIONS.archived).toEqual([]);
    for (const from of ['published', 'closed', 'archived'] as const) expect(STATUS_TRANSITIONS[from]).not.toContain('draft');
  });

  it('round-trips the keyset cursor with microseconds and refuses junk with a stable code', () => {
    const cursor = { postedAt: '2026-11-25 20:35:16.123456+00', id: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const junk of [
      '',
      'bm9wZQ',
      Buffer.from('["nope", 1]').toString('base64url'),
      Buffer.from('["2026-01-01", "1"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(junk)).toThrow(DomainError);
      try {
        decodeCursor(junk);
      } catch (err) {
        expect((err as DomainError).code).toBe('JOBS.INVALID_CURSOR');
      }
    }
  });
});
