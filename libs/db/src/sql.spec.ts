import { EntityManager } from 'typeorm';
import { partialSet, pgCode, queryCount, queryOne, queryRows } from './sql';

/** A manager whose query() answers as TypeORM's postgres driver does: `[rows, rowCount]` for UPDATE/DELETE, `rows` otherwise. */
function answering(result: unknown): EntityManager {
  return { query: () => Promise.resolve(result) } as unknown as EntityManager;
}

describe('sql helpers', () => {
  it('give the rows of any statement, and the count of an UPDATE/DELETE', async () => {
    expect(await queryRows(answering([{ id: 1 }, { id: 2 }]), 'SELECT')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await queryRows(answering([[{ id: 3 }], 1]), 'DELETE ... RETURNING id')).toEqual([{ id: 3 }]);
    expect(await queryRows(answering([[], 0]), 'DELETE ... RETURNING id')).toEqual([]);
    expect(await queryOne(answering([[{ id: 4 }], 1]), 'UPDATE ... RETURNING id')).toEqual({ id: 4 });
    expect(await queryOne(answering([]), 'SELECT')).toBeUndefined();
    expect(await queryCount(answering([[], 7]), 'DELETE')).toBe(7);
    expect(await queryCount(answering([{ n: 1 }, { n: 2 }]), 'INSERT ... RETURNING')).toBe(2);
  });

  it('read the SQLSTATE from pg errors and from TypeORM errors wrapping them', () => {
    expect(pgCode({ code: '23505' })).toBe('23505');
    expect(pgCode({ code: '23505', driverError: { code: '23505' } })).toBe('23505');
    expect(pgCode(new Error('no code'))).toBeUndefined();
    expect(pgCode(undefined)).toBeUndefined();
  });

  it('set only the allowed columns that are present', () => {
    expect(partialSet({ a: 1, b: undefined, c: null, evil: 2 }, ['a', 'b', 'c'], 3)).toEqual({ sql: 'a = $3, c = $4', params: [1, null] });
  });
});
