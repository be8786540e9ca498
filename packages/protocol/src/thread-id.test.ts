import { describe, expect, it } from 'vitest';
import { isThreadId, newThreadId, parseThreadId, ThreadIdSchema, ThreadIdStringSchema } from './thread-id';

const V7 = '01a1fda6-3016-7e11-b5da-00b3fda9dd8f';

describe('thread ids', () => {
  it('accepts any UUID in any case', () => {
    for (const id of [V7, V7.toUpperCase(), '5973b6c0-94b8-487b-a530-2aeb6098ae0e', '00000000-0000-0000-0000-000000000000']) {
      expect(isThreadId(id), id).toBe(true);
    }
    expect(parseThreadId(V7.toUpperCase())).toBe(V7);
    expect(ThreadIdSchema.parse(V7.toUpperCase())).toBe(V7);
  });

  it('rejects anything that could reach a path or is not a UUID', () => {
    const bad: unknown[] = [
      '../x',
      '',
      `${V7}0`,
      `${V7}/../..`,
      'x'.repeat(10_000),
      V7.replaceAll('-', ''),
      `{${V7}}`,
      `urn:uuid:${V7}`,
      ` ${V7}`,
      '01a1fda6-3016-7e11-b5da-00b3fda9dd8g',
      42,
      null,
      undefined,
      { id: V7 },
      [V7],
    ];
    for (const value of bad) {
      expect(isThreadId(value), String(value)).toBe(false);
      expect(parseThreadId(value)).toBeUndefined();
      expect(ThreadIdSchema.safeParse(value).success).toBe(false);
      expect(ThreadIdStringSchema.safeParse(value).success).toBe(false);
    }
  });

  it('validates ids read from files without rewriting them', () => {
    expect(ThreadIdStringSchema.parse(V7.toUpperCase())).toBe(V7.toUpperCase());
  });

  it('generates lowercase UUIDv7 ids that sort by creation time', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => newThreadId());
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const millis = (id: string) => Number.parseInt(id.replace('-', '').slice(0, 12), 16);
    expect(millis(ids[0]!)).toBeGreaterThanOrEqual(before);
    // Ids may borrow a few milliseconds ahead when many are made in one millisecond.
    expect(millis(ids.at(-1)!)).toBeLessThanOrEqual(after + 5);
  });

  it('keeps sorting across separate calls over time', async () => {
    const first = newThreadId();
    await new Promise((resolve) => setTimeout(resolve, 3));
    const second = newThreadId();
    expect(first < second).toBe(true);
    expect(Number.parseInt(second.slice(0, 8), 16)).toBeGreaterThanOrEqual(Number.parseInt(first.slice(0, 8), 16));
  });
});
