import { describe, expect, it } from 'vitest';
import { sameRolloutPath, threadIdFromRolloutPath } from './rollout-path';

const id = '01a1fda6-37d0-70f3-88c6-44503b20002f';

describe('threadIdFromRolloutPath', () => {
  it('reads the id from plain and compressed rollout file names', () => {
    expect(threadIdFromRolloutPath(`/h/sessions/2026/11/21/rollout-2026-11-21T10-28-11-${id}.jsonl`)).toBe(id);
    expect(threadIdFromRolloutPath(`rollout-2026-11-21T10-28-11-${id.toUpperCase()}.jsonl.zst`)).toBe(id);
    expect(threadIdFromRolloutPath(`C:\\h\\rollout-2026-11-21T10-28-11-${id}.jsonl`)).toBe(id);
  });

  it('refuses anything else', () => {
    expect(threadIdFromRolloutPath(`/h/${id}.jsonl`)).toBeUndefined();
    expect(threadIdFromRolloutPath(`/h/rollout-2026-11-21T10-28-11-${id}.json`)).toBeUndefined();
    expect(threadIdFromRolloutPath(`/h/rollout-${id}.jsonl/evil`)).toBeUndefined();
    expect(threadIdFromRolloutPath('/h/rollout-2026-11-21T10-28-11-not-a-uuid.jsonl')).toBeUndefined();
  });
});

describe('sameRolloutPath', () => {
  it('treats a compressed file as its logical .jsonl and normalises the path', () => {
    expect(sameRolloutPath('/h/s/rollout-x.jsonl', '/h/s/../s/rollout-x.jsonl.zst')).toBe(true);
    expect(sameRolloutPath('/h/s/rollout-x.jsonl', '/h/archived/rollout-x.jsonl')).toBe(false);
  });
});
