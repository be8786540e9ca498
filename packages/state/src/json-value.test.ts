import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isJsonValue } from './json-value';

describe('isJsonValue', () => {
  const cases: unknown[] = [
    'text',
    0,
    -1.5,
    true,
    null,
    [],
    {},
    { type: 'managed', file_system: { entries: [{ path: { kind: 'root' }, access: 'read' }] }, network: null },
    [1, 'a', [false, { b: [null] }]],
    Object.create(null),
    Number.NaN,
    Number.POSITIVE_INFINITY,
    undefined,
    () => 1,
    10n,
    Symbol('s'),
    new Date(0),
    new Map(),
    { nested: { bad: undefined } },
    [1, Number.NaN],
    { when: new Date(0) },
    [[[[Number.NEGATIVE_INFINITY]]]],
  ];

  it.each(cases.map((value) => [value]))('agrees with z.json() on %o', (value) => {
    expect(isJsonValue(value)).toBe(z.json().safeParse(value).success);
  });

  it('checks values nested deeper than the call stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(isJsonValue(deep)).toBe(true);
    let bad: unknown = Number.NaN;
    for (let i = 0; i < 100_000; i++) bad = { inner: bad };
    expect(isJsonValue(bad)).toBe(false);
  });
});
