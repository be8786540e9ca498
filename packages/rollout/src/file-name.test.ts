import { describe, expect, it } from 'vitest';
import { formatRolloutFileName, newRolloutPath, parseRolloutFileName } from './file-name';
import { resolveCodexHome } from './home';

const ID = '01a1fda6-412b-7e51-bdf0-668999f4b85f';

describe('rollout file names', () => {
  it('puts the local wall-clock time in the name and folders', () => {
    const instant = new Date('2026-11-21T23:30:05.123Z');
    expect(formatRolloutFileName(ID, instant, { timeZone: 'UTC' })).toBe(`rollout-2026-11-21T23-30-05-${ID}.jsonl`);
    expect(formatRolloutFileName(ID, instant, { timeZone: 'Asia/Kolkata' })).toBe(`rollout-2026-11-22T05-00-05-${ID}.jsonl`);
    expect(newRolloutPath('/h', ID, instant, { timeZone: 'America/Los_Angeles' })).toBe(
      `/h/sessions/2026/11/21/rollout-2026-11-21T15-30-05-${ID}.jsonl`,
    );
  });

  it('rejects ids that are not UUIDs and unknown time zones before building a path', () => {
    for (const id of ['../../etc/passwd', `${ID}/x`, '', 'not-a-uuid']) {
      expect(() => newRolloutPath('/h', id, new Date())).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
    expect(() => formatRolloutFileName(ID, new Date(), { timeZone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(() => formatRolloutFileName(ID, new Date(Number.NaN))).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('lowercases ids', () => {
    expect(formatRolloutFileName(ID.toUpperCase(), new Date(0), { timeZone: 'UTC' })).toContain(ID);
  });

  it('parses plain, compressed and reverted names', () => {
    const plain = parseRolloutFileName(`rollout-2026-11-21T10-28-13-${ID}.jsonl`);
    expect(plain).toMatchObject({
      timestamp: '2026-11-21T10-28-13',
      timestampMs: Date.UTC(2026, 10, 21, 10, 28, 13),
      dateFolders: ['2026', '11', '21'],
      threadId: ID,
      rolloutId: ID,
      compressed: false,
    });
    expect(parseRolloutFileName(`rollout-2026-11-21T10-28-13-${ID}.jsonl.zst`)?.compressed).toBe(true);
    const other = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
    expect(parseRolloutFileName(`rollout-2026-11-21T10-28-13-${ID}_${other}.jsonl`)).toMatchObject({ threadId: ID, rolloutId: other });
    expect(parseRolloutFileName(`rollout-2026-11-21T10-28-13-${ID.toUpperCase()}.jsonl`)?.threadId).toBe(ID);
  });

  it('ignores everything that is not a rollout name', () => {
    for (const name of [
      `rollout-2026-11-21T10-28-13-${ID}.jsonl.timers.json`,
      `rollout-2026-11-21T10-28-13-${ID}.json`,
      `rollout-2026-13-21T10-28-13-${ID}.jsonl`,
      `rollout-2026-02-30T10-28-13-${ID}.jsonl`,
      `rollout-2026-11-21T10:28:13-${ID}.jsonl`,
      `rollout-2026-11-21T10-28-13-${ID}_.jsonl`,
      `rollout-2026-11-21T10-28-13-not-a-uuid.jsonl`,
      `rollout-compress-1234.tmp`,
      'session_index.jsonl',
    ]) {
      expect(parseRolloutFileName(name)).toBeUndefined();
    }
  });
});

describe('resolveCodexHome', () => {
  it('prefers CODEX_HOME, else ~/.codex', () => {
    expect(resolveCodexHome({ CODEX_HOME: '/srv/codex' })).toBe('/srv/codex');
    expect(resolveCodexHome({ HOME: '/home/x' }).endsWith('/.codex')).toBe(true);
    expect(resolveCodexHome({ CODEX_HOME: '  ' }).endsWith('/.codex')).toBe(true);
  });
});
