import { JSON_MAX_DEPTH, jsonTooDeep } from './json-depth';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('jsonTooDeep', () => {
  it('counts objects and arrays as levels; scalars are none', () => {
    expect(jsonTooDeep('x')).toBe(false);
    expect(jsonTooDeep(null)).toBe(false);
    expect(jsonTooDeep({}, 1)).toBe(false);
    expect(jsonTooDeep({ a: [] }, 1)).toBe(true);
    expect(jsonTooDeep(nested(JSON_MAX_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(JSON_MAX_DEPTH + 1))).toBe(true);
  });

  it('checks a value nested far deeper than the stack allows recursion', () => {
    const deep = JSON.parse('['.repeat(200000) + ']'.repeat(200000));
    expect(jsonTooDeep(deep)).toBe(true);
    expect(jsonTooDeep({ wide: Array.from({ length: 10000 }, () => ({ a: [1] })) })).toBe(false);
  });
});
