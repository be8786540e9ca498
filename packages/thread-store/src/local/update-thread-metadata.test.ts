import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newThreadId } from '@threadkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalThreadStore } from './local-thread-store';
import { sampleCreateParams, writeSampleThread } from './testing/sample-thread';
import { tempDir } from './testing/temp-home';

async function lines(path: string): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

describe.each(['sqlite', 'none'] as const)('where LocalThreadStore writes metadata (index: %s)', (index) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const home = await tempDir();
    cleanups.push(home.remove);
    const store = await LocalThreadStore.open({ home: home.path, index });
    cleanups.push(() => store.close());
    return { home: home.path, store };
  }

  it('appends names to session_index.jsonl, clears included', async () => {
    const { home, store } = await setup();
    const threadId = await writeSampleThread(store);
    await store.updateThreadMetadata({ threadId, patch: { name: '  Release notes  ' } });
    await store.updateThreadMetadata({ threadId, patch: { name: null } });
    const entries = (await readFile(join(home, 'session_index.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.id, e.thread_name])).toEqual([
      [threadId, 'Release notes'],
      [threadId, ''],
    ]);
    expect((await store.readThread({ threadId })).name).toBeNull();
  });

  it('records memory mode and git changes as session_meta copies, once, and nothing for unchanged facts', async () => {
    const { store } = await setup();
    const threadId = await writeSampleThread(store, 'question', {
      git: { commitHash: 'abc123', branch: 'main' },
      agentRole: 'planner',
    });
    const path = (await store.readThread({ threadId })).rolloutPath!;
    const before = (await lines(path)).length;
    // What the file already says (as a live thread reports it) adds nothing.
    await store.updateThreadMetadata({
      threadId,
      patch: { memoryMode: 'enabled', gitInfo: { sha: 'abc123' }, agentRole: 'planner', cwd: '/work/sample' },
    });
    expect((await lines(path)).length).toBe(before);

    const updated = await store.updateThreadMetadata({
      threadId,
      patch: { memoryMode: 'disabled', gitInfo: { branch: 'release', originUrl: 'https://example.com/r.git' } },
    });
    const all = await lines(path);
    expect(all.length).toBe(before + 1);
    const copy = all.at(-1)!;
    expect(copy.type).toBe('session_meta');
    expect(copy.payload).toMatchObject({
      id: threadId,
      memory_mode: 'disabled',
      agent_role: 'planner',
      git: { commit_hash: 'abc123', branch: 'release', repository_url: 'https://example.com/r.git' },
    });
    expect(copy.payload.timestamp).toBe(all[0]!.payload.timestamp);
    expect(updated).toMatchObject({
      memoryMode: 'disabled',
      agentRole: 'planner',
      gitInfo: { commitHash: 'abc123', branch: 'release', repositoryUrl: 'https://example.com/r.git' },
    });

    await store.updateThreadMetadata({ threadId, patch: { gitInfo: { sha: null, branch: null, originUrl: null }, agentRole: null } });
    const cleared = (await lines(path)).at(-1)!;
    expect(cleared.payload.git).toEqual({});
    expect(cleared.payload.memory_mode).toBe('disabled');
    expect('agent_role' in cleared.payload).toBe(false);
    expect(await store.readThread({ threadId })).toMatchObject({ gitInfo: null, agentRole: null, memoryMode: 'disabled' });
  });

  it('answers a patch for an unknown thread with thread_not_found and writes nothing', async () => {
    const { home, store } = await setup();
    const threadId = newThreadId();
    await expect(
      store.updateThreadMetadata({ threadId, patch: { name: 'ghost', memoryMode: 'disabled' } }),
    ).rejects.toMatchObject({ code: 'thread_not_found' });
    await expect(readFile(join(home, 'session_index.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('materializes a created thread whose metadata is written before its history', async () => {
    const { store } = await setup();
    const params = sampleCreateParams();
    await store.createThread(params);
    const thread = await store.updateThreadMetadata({ threadId: params.threadId, patch: { memoryMode: 'disabled' } });
    expect(thread.memoryMode).toBe('disabled');
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map((item) => item.type)).toEqual(['session_meta', 'session_meta']);
    await store.shutdownThread(params.threadId);
  });
});

describe('observed facts with and without the index', () => {
  it('keeps them in the index; without one the files decide', async () => {
    const home = await tempDir();
    try {
      const indexed = await LocalThreadStore.open({ home: home.path, index: 'sqlite' });
      const threadId = await writeSampleThread(indexed, 'what the file says');
      const patched = await indexed.updateThreadMetadata({
        threadId,
        patch: { preview: 'what a live thread observed', model: 'gpt-observed' },
      });
      expect(patched).toMatchObject({ preview: 'what a live thread observed', model: 'gpt-observed' });
      await indexed.close();
      const filesOnly = await LocalThreadStore.open({ home: home.path, index: 'none' });
      expect(await filesOnly.readThread({ threadId })).toMatchObject({ preview: 'what the file says', model: null });
      await filesOnly.close();
    } finally {
      await home.remove();
    }
  });
});
