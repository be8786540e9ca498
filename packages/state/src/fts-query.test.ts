import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query';

describe('toFtsQuery', () => {
  it('quotes every word as a prefix phrase', () => {
    expect(toFtsQuery('fix flaky test')).toBe('"fix"* "flaky"* "test"*');
  });

  it('doubles quotes and keeps operators as text', () => {
    expect(toFtsQuery('say "hi" OR NOT')).toBe('"say"* """hi"""* "OR"* "NOT"*');
  });

  it('drops words without letters or digits and returns undefined when none remain', () => {
    expect(toFtsQuery('*** -- "')).toBeUndefined();
    expect(toFtsQuery('C++ ***')).toBe('"C++"*');
  });
});
