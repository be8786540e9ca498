import { describe, expect, it } from 'vitest';
import { parseSessionMetaTimestamp } from './session-meta-timestamp';

describe('parseSessionMetaTimestamp', () => {
  it('reads RFC 3339 timestamps with and without fractions or offsets', () => {
    expect(parseSessionMetaTimestamp('2026-01-02T03:04:05.678Z')?.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(parseSessionMetaTimestamp('2026-01-02T05:04:05+02:00')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reads the file-name form early Codex builds wrote, as UTC', () => {
    expect(parseSessionMetaTimestamp('2025-08-09T10-11-12')?.toISOString()).toBe('2025-08-09T10:11:12.000Z');
  });

  it('names no instant for anything else', () => {
    for (const value of [undefined, null, 42, '', 'yesterday', '2026-01-02', '2026-13-40T99:99:99Z']) {
      expect(parseSessionMetaTimestamp(value)).toBeUndefined();
    }
  });
});
