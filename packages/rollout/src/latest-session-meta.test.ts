import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRolloutError } from './errors';
import { readLatestSessionMetas } from './latest-session-meta';
import { tempDir } from './testing/homes';
import { line } from './testing/synthetic';
import { zstdStoredFrame } from './testing/zstd';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const OTHER = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e56';
const T = new Date('2026-01-02T03:04:05.000Z');
const meta = (id: string, extra: Record<string, unknown> = {}) =>
  line(T, 'session_meta', { id, timestamp: T.toISOString(), cwd: '/w', originator: 'o', cli_version: '1', source: 'cli', ...extra });
const agent = (text: string) => line(T, 'event_msg', { type: 'agent_message', message: text });

describe('the latest session_meta lines of a thread', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function rolloutPath(): string {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    return join(dir, `rollout-2026-01-02T03-04-05-${ID}.jsonl`);
  }

  // Big enough that the backwards scan crosses several of its 256 KiB chunks.
  const history = [
    meta(ID),
    ...Array.from({ length: 3000 }, (_, i) => agent(`${'y'.repeat(300)} ${i}`)),
    meta(ID, { git: { branch: 'main' } }),
    ...Array.from({ length: 2000 }, (_, i) => agent(`${'z'.repeat(300)} ${i}`)),
    meta(ID, { memory_mode: 'disabled' }),
    meta(OTHER, { git: { branch: 'someone else' } }),
    agent('the end'),
  ];

  it('finds the thread’s last copy and its last copy with git, ignoring other threads', async () => {
    const path = rolloutPath();
    writeFileSync(path, `${history.join('\n')}\n`);
    const found = await readLatestSessionMetas(path, ID);
    expect(found.last).toMatchObject({ id: ID, memory_mode: 'disabled' });
    expect(found.lastWithGit).toMatchObject({ id: ID, git: { branch: 'main' } });
  });

  it('reads a compressed rollout forwards with the same answer', async () => {
    const path = rolloutPath();
    writeFileSync(`${path}.zst`, zstdStoredFrame(Buffer.from(`${history.join('\n')}\n`)));
    const found = await readLatestSessionMetas(path, ID);
    expect(found.last).toMatchObject({ memory_mode: 'disabled' });
    expect(found.lastWithGit).toMatchObject({ git: { branch: 'main' } });
  });

  it('is not_found for a missing rollout', async () => {
    const error = await readLatestSessionMetas(rolloutPath(), ID).catch((e: unknown) => e);
    expect(isRolloutError(error, 'not_found')).toBe(true);
  });
});
