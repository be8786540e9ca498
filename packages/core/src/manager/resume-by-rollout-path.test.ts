import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { LocalThreadStore } from '@threadkit/thread-store';
import { afterEach, describe, expect, it } from 'vitest';
import { testManager, textTurn } from '../test-support/harness';

describe('ThreadManager.resumeThread by rollout path on a store that reads by path', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function recordedThread() {
    const dir = await mkdtemp(join(tmpdir(), 'threadkit-core-resume-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const home = join(dir, 'home');
    const store = await LocalThreadStore.open({ home, index: 'sqlite' });
    cleanups.push(() => store.close());
    const { manager } = testManager({}, store);
    cleanups.push(async () => {
      await manager.shutdownAll({ timeoutMs: 5000 });
    });
    const thread = await manager.startThread();
    await textTurn(thread, 'first question', 'first answer');
    await thread.shutdown();
    const { rolloutPath } = await store.readThread({ threadId: thread.threadId });
    return { dir, home, manager, threadId: thread.threadId, rolloutPath: rolloutPath! };
  }

  it('lets the store resolve a path relative to its home', async () => {
    const { home, manager, threadId, rolloutPath } = await recordedThread();
    const resumed = await manager.resumeThread({ rolloutPath: relative(home, rolloutPath) });
    expect(resumed.threadId).toBe(threadId);
    expect(resumed.rolloutPath).toBe(rolloutPath);
    await textTurn(resumed, 'second question', 'second answer');
    expect((await resumed.read()).rolloutPath).toBe(rolloutPath);
  });

  it('takes the thread from the file, not from the name of a link to it', async () => {
    const { dir, manager, threadId, rolloutPath } = await recordedThread();
    const link = join(dir, 'latest.jsonl');
    await symlink(rolloutPath, link);
    const resumed = await manager.resumeThread({ rolloutPath: link });
    expect(resumed.threadId).toBe(threadId);
    // The running thread is found again through either path.
    expect(await manager.resumeThread({ rolloutPath })).toBe(resumed);
  });

  it('passes on the store refusing a path that names no rollout', async () => {
    const { dir, manager } = await recordedThread();
    await expect(manager.resumeThread({ rolloutPath: join(dir, 'home') })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'rolloutPath',
    });
  });
});
