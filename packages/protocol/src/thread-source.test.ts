import { describe, expect, it } from 'vitest';
import { CORE_THREAD_SOURCES, isCoreThreadSource, ThreadSourceSchema } from './thread-source';

describe('ThreadSource', () => {
  it('knows the core values', () => {
    expect([...CORE_THREAD_SOURCES]).toEqual(['user', 'subagent', 'memory_consolidation', 'guardian_review']);
    for (const value of CORE_THREAD_SOURCES) expect(isCoreThreadSource(value)).toBe(true);
  });

  it('keeps any other string verbatim as a feature label', () => {
    for (const label of ['automation', 'Automation', 'cron:nightly', '']) {
      expect(isCoreThreadSource(label)).toBe(false);
      expect(ThreadSourceSchema.parse(label)).toBe(label);
    }
  });

  it('rejects values that are not strings', () => {
    for (const value of [1, null, {}, ['user']]) expect(ThreadSourceSchema.safeParse(value).success).toBe(false);
  });
});
