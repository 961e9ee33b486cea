import { Type } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { IsOptional, Matches, ValidateIf } from 'class-validator';

/**
 * The validation pieces the contract classes share. Every rule on a request's fields is written once, in
 * the contract class; the gateway's request DTOs are mapped types of these classes (architecture.md).
 */

/** The largest value a PostgreSQL integer column holds. */
export const INT4_MAX = 2_147_483_647;

/** Bound of every salary figure (a job's, a job search's minimum, a candidate's expectation). */
export const SALARY_MAX = 100_000_000;

/** The last page a public list (jobs, companies) serves: far beyond any real one, keeps OFFSET bounded. */
export const MAX_PAGE = 100_000;

/** A field that may be `null` (clears it) or absent (kept); the other validators apply to a value. */
export const nullable = () => IsOptional();

/** A field that may be absent (kept) but not null: its column is required. */
export const keepable = () => ValidateIf((_o, v) => v !== undefined);

/** At least one character that is not white space. */
export const notBlank = () => Matches(/\S/, { message: '$property must not be blank' });

/**
 * The fields of `fields` made keepable: each may be absent (kept on update) but not null, except those
 * declared nullable (null clears them). The update of a profile item is its creation's class through it.
 */
export function keepableFields<T>(fields: Type<T>): Type<Partial<T>> {
  return PartialType(fields, { skipNullProperties: false });
}
