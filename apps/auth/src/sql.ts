import { EntityManager } from 'typeorm';

/**
 * TypeORM's `query()` answers UPDATE/DELETE with `[rows, rowCount]` and everything else with `rows`;
 * this always gives the rows.
 */
export async function queryRows<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

export async function queryOne<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await queryRows<T>(manager, sql, params))[0];
}

/**
 * `SET a = $n, b = $n+1` for the fields of a partial update that are present (undefined = keep,
 * null = clear), restricted to an allow-list of column names.
 */
export function partialSet(input: object, columns: readonly string[], firstParam: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const column of columns) {
    const value = (input as Record<string, unknown>)[column];
    if (value === undefined) continue;
    params.push(value);
    parts.push(`${column} = $${firstParam + params.length - 1}`);
  }
  return { sql: parts.join(', '), params };
}
