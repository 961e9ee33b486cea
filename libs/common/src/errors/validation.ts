import { ValidationError } from 'class-validator';

/** One request-shape problem, in the contract's form: `{loc: ["body","email"], msg, type}`. */
export interface FieldProblem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/**
 * PostgreSQL text cannot hold U+0000, so a string with it would fail in SQL (a 500): it is a request
 * problem. Walks strings, arrays and plain objects (not Buffers or other class instances).
 */
export function nulCharacterProblems(value: unknown, root: string, path: (string | number)[] = []): FieldProblem[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ loc: [root, ...path], msg: 'must not contain the NUL character (\\u0000)', type: 'noNulCharacter' }]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterProblems(item, root, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return [];
    return Object.entries(value).flatMap(([key, item]) => nulCharacterProblems(item, root, [...path, key]));
  }
  return [];
}

/** Flattens class-validator errors (nested too) into the contract's list of field problems. */
export function toFieldProblems(errors: ValidationError[], root = 'body', parents: string[] = []): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = [...parents, e.property];
    const own = Object.entries(e.constraints ?? {}).map(([type, msg]) => ({ loc: [root, ...path], msg, type }));
    return [...own, ...toFieldProblems(e.children ?? [], root, path)];
  });
}
