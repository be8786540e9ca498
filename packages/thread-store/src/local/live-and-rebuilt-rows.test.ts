import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ThreadId } from '@threadkit/protocol';
import { appendToRollout, removeThreadNameEntries } from '@threadkit/rollout';
import { STATE_DB_FILE_NAME } from '@threadkit/state';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalThreadStore } from './local-thread-store';
import { agentMessage, sampleCreateParams, turnContext, userMessage, writeSampleThread } from './testing/sample-thread';
import { tempDir } from './testing/temp-home';

// Every change the store makes is written to the files first and the index
// only mirrors them, so what the store shows with its live index, an index
// rebuilt from the files shows too: field for field, in every order.

interface Seen {
  listings: Record<string, unknown[]>;
  reads: Record<string, unknown>;
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

async function readAll(store: LocalThreadStore, ids: readonly ThreadId[]): Promise<Record<string, unknown>> {
  const reads: Record<string, unknown> = {};
  for (const threadId of ids) reads[threadId] = plain(await store.readThread({ threadId, includeArchived: true }));
  return reads;
}

async function look(store: LocalThreadStore, ids: readonly ThreadId[]): Promise<Seen> {
  const listings: Record<string, unknown[]> = {};
  for (const sortKey of ['created_at', 'updated_at', 'recency_at'] as const) {
    for (const archived of [false, true]) {
      const page = await store.listThreads({ pageSize: 100, modelProviders: [], sortKey, archived });
      listings[`${sortKey} archived=${archived}`] = page.items.map(plain);
    }
  }
  return { listings, reads: await readAll(store, ids) };
}

async function removeIndexFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(STATE_DB_FILE_NAME)) await rm(join(dir, name));
  }
}

describe('a live index row and one rebuilt from the files', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(home: string): Promise<LocalThreadStore> {
    const store = await LocalThreadStore.open({ home, index: 'sqlite' });
    cleanups.push(() => store.close());
    return store;
  }

  /** A home with a few threads, listed once so that every one has its index row. */
  async function homeWithThreads(count = 3): Promise<{ home: string; store: LocalThreadStore; ids: ThreadId[] }> {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const store = await open(dir.path);
    const ids: ThreadId[] = [];
    for (let i = 0; i < count; i++) ids.push(await writeSampleThread(store, `question ${i}`));
    await store.listThreads({});
    return { home: dir.path, store, ids };
  }

  /**
   * What the store reads right after the change is what it lists, what it
   * shows once `reindex()` compared every file, and what a store shows whose
   * index was deleted and rebuilt from the files.
   */
  async function expectRebuildAgrees(home: string, store: LocalThreadStore, ids: readonly ThreadId[]): Promise<Seen> {
    const reads = await readAll(store, ids);
    const live = await look(store, ids);
    expect(live.reads).toEqual(reads);
    await store.reindex();
    expect(await look(store, ids)).toEqual(live);
    await store.close();
    await removeIndexFiles(home);
    const rebuilt = await look(await open(home), ids);
    for (const threadId of ids) expect(rebuilt.reads[threadId], threadId).toEqual(live.reads[threadId]);
    expect(rebuilt.listings).toEqual(live.listings);
    return live;
  }

  it('agree after renames and a cleared name', async () => {
    const { home, store, ids } = await homeWithThreads();
    await store.updateThreadMetadata({ threadId: ids[0]!, patch: { name: 'first name' } });
    await store.updateThreadMetadata({ threadId: ids[0]!, patch: { name: 'second name' } });
    await store.updateThreadMetadata({ threadId: ids[1]!, patch: { name: 'short-lived' } });
    await store.updateThreadMetadata({ threadId: ids[1]!, patch: { name: null } });
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[ids[0]!]).toMatchObject({ name: 'second name' });
    expect(live.reads[ids[1]!]).toMatchObject({ name: null });
  });

  it('agree once another program removed a name from session_index.jsonl', async () => {
    const { home, store, ids } = await homeWithThreads();
    await store.updateThreadMetadata({ threadId: ids[0]!, patch: { name: 'doomed name' } });
    await store.updateThreadMetadata({ threadId: ids[1]!, patch: { name: 'kept name' } });
    expect((await store.listThreads({ searchTerm: 'doomed' })).items).toHaveLength(1);
    // As Codex does when it deletes a thread: the file is rewritten without the thread's lines.
    await removeThreadNameEntries(home, ids[0]!);
    expect((await store.readThread({ threadId: ids[0]! })).name).toBeNull();
    expect((await store.listThreads({ searchTerm: 'doomed' })).items).toEqual([]);
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[ids[1]!]).toMatchObject({ name: 'kept name' });
  });

  it('agree on a name removed while no store was open: the index keeps no name of its own', async () => {
    const { home, store, ids } = await homeWithThreads();
    await store.updateThreadMetadata({ threadId: ids[0]!, patch: { name: 'doomed name' } });
    await store.close();
    await removeThreadNameEntries(home, ids[0]!);
    const reopened = await open(home);
    expect((await reopened.readThread({ threadId: ids[0]! })).name).toBeNull();
    await expectRebuildAgrees(home, reopened, ids);
  });

  it('agree after memory-mode and git changes, which move the update time with the file', async () => {
    const { home, store, ids } = await homeWithThreads();
    const before = await store.readThread({ threadId: ids[0]! });
    await tick();
    const changed = await store.updateThreadMetadata({ threadId: ids[0]!, patch: { memoryMode: 'disabled' } });
    expect(changed.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(changed.recencyAt).toEqual(changed.updatedAt);
    await store.updateThreadMetadata({ threadId: ids[1]!, patch: { gitInfo: { sha: 'b'.repeat(40), branch: 'main' } } });
    await store.updateThreadMetadata({ threadId: ids[1]!, patch: { gitInfo: { branch: null } } });
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[ids[0]!]).toMatchObject({ memoryMode: 'disabled' });
    expect(live.reads[ids[1]!]).toMatchObject({ gitInfo: { commitHash: 'b'.repeat(40), branch: null } });
  });

  it('agree on memory mode and git recorded far from both ends of a long history', async () => {
    const { home, store, ids } = await homeWithThreads(1);
    const threadId = ids[0]!;
    const append = async (count: number, size: number) => {
      await store.resumeThread({ threadId });
      const text = 'x'.repeat(size);
      for (let i = 0; i < count; i++) {
        await store.appendItems({ threadId, items: [userMessage(`more ${i} ${text}`), agentMessage(`answer ${i} ${text}`)] });
      }
      await store.shutdownThread(threadId);
    };
    // Past the head a summary reads (10 lines), and more than its tail window (64 KiB) before the end.
    await append(10, 10);
    await store.updateThreadMetadata({ threadId, patch: { memoryMode: 'disabled', gitInfo: { branch: 'early' } } });
    await append(40, 4096);
    // Appends change no metadata until a listing reads the files this store wrote.
    await store.listThreads({});
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[threadId]).toMatchObject({ memoryMode: 'disabled', gitInfo: { branch: 'early' } });
  });

  it('agree on fork and parent ids', async () => {
    const { home, store, ids } = await homeWithThreads(1);
    const params = sampleCreateParams({ forkedFromId: ids[0]!, parentThreadId: ids[0]! });
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('forked question')] });
    await store.shutdownThread(params.threadId);
    const fork = params.threadId as ThreadId;
    const live = await expectRebuildAgrees(home, store, [...ids, fork]);
    expect(live.reads[fork]).toMatchObject({ forkedFromId: ids[0], parentThreadId: ids[0] });
  });

  it('agree after archive and unarchive: a restored thread is updated and recent at its restore', async () => {
    const { home, store, ids } = await homeWithThreads();
    await store.archiveThread({ threadId: ids[0]! });
    await store.archiveThread({ threadId: ids[1]! });
    await tick();
    const startedAt = Date.now();
    const restored = await store.unarchiveThread({ threadId: ids[1]! });
    expect(restored.updatedAt.getTime()).toBeGreaterThanOrEqual(startedAt - 1);
    expect(restored.recencyAt).toEqual(restored.updatedAt);
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[ids[1]!]).toEqual(plain(restored));
  });

  it('agree after archiving a thread another program appended to since the index read it', async () => {
    const { home, store, ids } = await homeWithThreads();
    const { rolloutPath } = await store.readThread({ threadId: ids[0]! });
    await tick();
    await appendToRollout({ home, path: rolloutPath!, threadId: ids[0]!, items: [turnContext('gpt-later')] as never, applyPolicy: false });
    await store.archiveThread({ threadId: ids[0]! });
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[ids[0]!]).toMatchObject({ model: 'gpt-later' });
  });

  it('agree after restoring a thread another program appended to in the archive', async () => {
    const { home, store, ids } = await homeWithThreads();
    await store.archiveThread({ threadId: ids[0]! });
    const { rolloutPath } = await store.readThread({ threadId: ids[0]!, includeArchived: true });
    await appendToRollout({ home, path: rolloutPath!, threadId: ids[0]!, items: [turnContext('gpt-restored')] as never, applyPolicy: false });
    await store.unarchiveThread({ threadId: ids[0]! });
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[ids[0]!]).toMatchObject({ model: 'gpt-restored' });
  });

  it('agree on a thread written through the store and archived before any listing', async () => {
    const { home, store, ids } = await homeWithThreads(1);
    const threadId = ids[0]!;
    await store.resumeThread({ threadId });
    await store.appendItems({ threadId, items: [turnContext('gpt-own'), userMessage('again')] });
    await store.shutdownThread(threadId);
    await store.archiveThread({ threadId });
    const live = await expectRebuildAgrees(home, store, ids);
    expect(live.reads[threadId]).toMatchObject({ model: 'gpt-own' });
  });
});
