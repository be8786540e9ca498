import { describe, expect, it } from 'vitest';
import { applyMergePatch, applyWorldStateRecord, diffWorldState } from './world-state';

// The example table of RFC 7386, Appendix A: original, patch, result.
const RFC_7386_EXAMPLES: Array<[unknown, unknown, unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('RFC 7386 merge patch', () => {
  it.each(RFC_7386_EXAMPLES)('applies %j + %j = %j', (original, patch, result) => {
    const before = structuredClone(original);
    expect(applyMergePatch(original, patch)).toEqual(result);
    expect(original).toEqual(before);
  });

  it('generates a patch that reproduces the target, or nothing when equal', () => {
    const before = { env: { cwd: '/a', shell: 'bash' }, skills: ['x'] };
    const after = { env: { cwd: '/b' }, skills: ['x', 'y'], date: 'today' };
    const patch = diffWorldState(before, after);
    expect(patch).toEqual({ env: { cwd: '/b', shell: null }, skills: ['x', 'y'], date: 'today' });
    expect(applyWorldStateRecord(before, { full: false, state: patch! })).toEqual(after);
    expect(diffWorldState(after, structuredClone(after))).toBeUndefined();
  });
});
