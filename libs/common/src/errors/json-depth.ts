/**
 * How deeply a request's JSON may nest (`{}` and `[]` each count one level): far above any payload
 * of the API (a few levels), far below what recursive walkers (validation, NUL checks, class-transformer)
 * can take before they exhaust the stack. A body or payload nested deeper is refused with
 * COMMON_ERRORS.JSON_TOO_DEEP (422) before anything walks it.
 */
export const JSON_MAX_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max` (iterative: a deep value cannot overflow this check). */
export function jsonTooDeep(value: unknown, max = JSON_MAX_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
