import { ValidationError } from 'class-validator';

/** One request-shape problem, in the contract's form: `{loc: ["body","email"], msg, type}`. */
export interface FieldProblem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Flattens class-validator errors (nested too) into the contract's list of field problems. */
export function toFieldProblems(errors: ValidationError[], root = 'body', parents: string[] = []): FieldProblem[] {
  return errors.flatMap((e) => {
    const path = [...parents, e.property];
    const own = Object.entries(e.constraints ?? {}).map(([type, msg]) => ({ loc: [root, ...path], msg, type }));
    return [...own, ...toFieldProblems(e.children ?? [], root, path)];
  });
}
