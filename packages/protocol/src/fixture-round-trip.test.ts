import { describe, expect, it } from 'vitest';
import { parseRolloutLine, serializeRolloutLine } from './codec';
import { fixtureLines } from './testing/fixture-lines';

const lines = fixtureLines();

describe('every line Codex wrote in the fixtures', () => {
  it('is read from a fixture set large enough to mean something', () => {
    expect(lines.length).toBeGreaterThan(300);
    expect(new Set(lines.map((line) => line.where.split('/')[0])).size).toBeGreaterThanOrEqual(2);
  });

  it('parses as a known, valid kind', () => {
    const failures = lines.flatMap(({ where, text }) => {
      const parsed = parseRolloutLine(text);
      return parsed.ok && parsed.known ? [] : [{ where, parsed }];
    });
    expect(failures).toEqual([]);
  });

  it('serializes back to the same JSON value and the same bytes', () => {
    let checked = 0;
    for (const { where, text } of lines) {
      const parsed = parseRolloutLine(text);
      if (!parsed.ok) throw new Error(`${where}: ${parsed.error.message}`);
      const written = serializeRolloutLine(parsed.line);
      expect(JSON.parse(written), where).toEqual(JSON.parse(text));
      expect(written, where).toBe(text);
      checked++;
    }
    expect(checked).toBe(lines.length);
  });

  it('keeps the payload object as read (no defaults filled in, key order kept)', () => {
    for (const { where, text } of lines) {
      const parsed = parseRolloutLine(text);
      if (!parsed.ok) throw new Error(where);
      const raw = JSON.parse(text) as { payload: object };
      expect(Object.keys(parsed.line.payload as object), where).toEqual(Object.keys(raw.payload));
    }
  });
});
