import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyJson } from './stringify-json';

const DEPTH = 20_000;
/** Wraps `value` so deep that JSON.stringify overflows and the fallback runs. */
const bury = (value: unknown) => {
  let out: unknown = value;
  for (let i = 0; i < DEPTH; i++) out = [out];
  return out;
};
const buried = (json: string) => `${'['.repeat(DEPTH)}${json}${']'.repeat(DEPTH)}`;

describe('stringifyJson', () => {
  it('is JSON.stringify for ordinary values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => stringifyJson(value) === JSON.stringify(value)),
      { numRuns: 300 },
    );
  });

  it('writes values nested deeper than JSON.stringify can, with the same text', () => {
    expect(() => JSON.stringify(bury(1))).toThrow(RangeError);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => stringifyJson(bury(value)) === buried(JSON.stringify(value))),
      { numRuns: 30 },
    );
  });

  it('follows JSON.stringify rules for members without a JSON form, toJSON and cycles', () => {
    const odd = { a: undefined, b: () => 1, c: [undefined, Symbol('s')], d: { toJSON: () => 'D' }, e: Number.NaN };
    expect(stringifyJson(bury(odd))).toBe(buried(JSON.stringify(odd)));
    expect(stringifyJson(undefined)).toBeUndefined();
    const cycle: unknown[] = [];
    cycle.push(bury(cycle));
    expect(() => stringifyJson(cycle)).toThrow(TypeError);
  });
});
