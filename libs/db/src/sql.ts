import { EntityManager } from 'typeorm';

/**
 * The one way the services send SQL: hand-written statements with bind parameters, through
 * TypeORM's EntityManager (so transactions and the DeadlinePool apply), with typed result rows.
 */

/** TypeORM's `query()` answers UPDATE/DELETE with `[rows, rowCount]` and everything else with `rows`. */
function isRowsAndCount(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}

/** A timestamptz column as the API's timestamps read: ISO-8601 in UTC with milliseconds (`2026-01-02T03:04:05.678Z`). */
export function isoText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The marker `prepared()` puts before a statement (read by the pool's client, libs/common DeadlineClient). */
export const PREPARED_MARKER = '/* prepared */ ';

/**
 * A hot statement that each connection prepares once (a named statement: later runs skip PostgreSQL's
 * parse and plan). For the writes and look-ups by key that run on every apply and event; never for a
 * list or search, whose skewed filters need a plan made for their values (a generic plan, which
 * PostgreSQL may switch a prepared statement to after five runs, could be far worse).
 */
export function prepared(sql: string): string {
  return PREPARED_MARKER + sql;
}

/** The rows a statement returned, whatever its kind. */
export async function queryRows<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  return (isRowsAndCount(result) ? result[0] : result) as T[];
}

/** How many rows an UPDATE or DELETE touched (for other statements: how many rows they returned). */
export async function queryCount(manager: EntityManager, sql: string, params: unknown[] = []): Promise<number> {
  const result: unknown = await manager.query(sql, params);
  if (isRowsAndCount(result)) return result[1];
  return Array.isArray(result) ? result.length : 0;
}

export async function queryOne<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
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

/** Appends a bind parameter and returns its placeholder (for statements built from optional filters). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** PostgreSQL error codes (SQLSTATE) the code reacts to: domain errors in the services, races in bootstrap and tools. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
export const PG_DUPLICATE_OBJECT = '42710';
export const PG_DUPLICATE_DATABASE = '42P04';
/** "database does not exist". */
export const PG_INVALID_CATALOG_NAME = '3D000';

/** The SQLSTATE of a failed statement, whether pg's error or TypeORM's QueryFailedError wrapping it. */
export function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

/** The constraint a failed statement violated, likewise. */
export function pgConstraint(err: unknown): string | undefined {
  const e = err as { constraint?: string; driverError?: { constraint?: string } };
  return e?.driverError?.constraint ?? e?.constraint;
}
