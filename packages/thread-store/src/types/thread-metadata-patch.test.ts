import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isEmptyThreadMetadataPatch,
  mergeThreadMetadataPatch,
  THREAD_METADATA_PATCH_FIELDS,
  type ThreadMetadataPatch,
  ThreadMetadataPatchSchema,
} from './thread-metadata-patch';

describe('mergeThreadMetadataPatch', () => {
  it('lets present fields of the later patch win, clears included, and keeps absent ones', () => {
    const merged = mergeThreadMetadataPatch(
      { name: 'first', preview: 'kept', model: 'gpt-a', gitInfo: { sha: 'abc', branch: 'main' } },
      { name: null, model: 'gpt-b', gitInfo: { branch: null, originUrl: 'https://example.com/r.git' } },
    );
    expect(merged).toEqual({
      name: null,
      preview: 'kept',
      model: 'gpt-b',
      gitInfo: { sha: 'abc', branch: null, originUrl: 'https://example.com/r.git' },
    });
  });

  it('keeps the later recency instant whichever patch carries it', () => {
    const early = new Date('2026-01-01T00:00:00Z');
    const late = new Date('2026-02-01T00:00:00Z');
    expect(mergeThreadMetadataPatch({ advanceRecencyAt: late }, { advanceRecencyAt: early }).advanceRecencyAt).toBe(
      late,
    );
    expect(mergeThreadMetadataPatch({ advanceRecencyAt: early }, { advanceRecencyAt: late }).advanceRecencyAt).toBe(
      late,
    );
    expect(mergeThreadMetadataPatch({ advanceRecencyAt: early }, {}).advanceRecencyAt).toBe(early);
  });

  it('does not modify its arguments', () => {
    const base: ThreadMetadataPatch = { gitInfo: { sha: 'a' } };
    const next: ThreadMetadataPatch = { gitInfo: { branch: 'b' } };
    mergeThreadMetadataPatch(base, next);
    expect(base).toEqual({ gitInfo: { sha: 'a' } });
    expect(next).toEqual({ gitInfo: { branch: 'b' } });
  });

  it('covers every patch field the schema accepts', () => {
    const schemaKeys = Object.keys((ThreadMetadataPatchSchema as unknown as { shape: object }).shape).sort();
    expect([...THREAD_METADATA_PATCH_FIELDS].sort()).toEqual(schemaKeys);
  });

  // Applying merge(a, b) must equal applying a then b: checked on a model of a stored record.
  it('is equivalent to applying both patches in order', () => {
    type Model = Record<string, unknown>;
    const apply = (model: Model, patch: ThreadMetadataPatch): Model => {
      const out = { ...model };
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        if (key === 'gitInfo') {
          for (const [gitKey, gitValue] of Object.entries(value as object)) {
            if (gitValue !== undefined) out[`git.${gitKey}`] = gitValue;
          }
        } else if (key === 'advanceRecencyAt') {
          const current = out.recency as number;
          out.recency = Math.max(current, (value as Date).getTime());
        } else out[key] = value;
      }
      return out;
    };
    const clearable = fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null });
    const patchArb = fc.record(
      {
        name: clearable,
        preview: fc.constantFrom('p1', 'p2'),
        threadSource: clearable,
        agentRole: clearable,
        advanceRecencyAt: fc.integer({ min: 0, max: 100 }).map((n) => new Date(n)),
        gitInfo: fc.record({ sha: clearable, branch: clearable, originUrl: clearable }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<ThreadMetadataPatch>;
    fc.assert(
      fc.property(patchArb, patchArb, (a, b) => {
        const start: Model = { recency: 50 };
        expect(apply(start, mergeThreadMetadataPatch(a, b))).toEqual(apply(apply(start, a), b));
      }),
    );
  });
});

describe('isEmptyThreadMetadataPatch', () => {
  it('is true only when nothing would change', () => {
    expect(isEmptyThreadMetadataPatch({})).toBe(true);
    expect(isEmptyThreadMetadataPatch({ gitInfo: {} })).toBe(true);
    expect(isEmptyThreadMetadataPatch({ name: undefined })).toBe(true);
    expect(isEmptyThreadMetadataPatch({ name: null })).toBe(false);
    expect(isEmptyThreadMetadataPatch({ gitInfo: { sha: null } })).toBe(false);
    expect(isEmptyThreadMetadataPatch({ preview: '' })).toBe(false);
  });
});
