import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codexFixture } from '@threadkit/codex-interop';
import { STATE_DB_FILE_NAME } from '@threadkit/state';
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexProgress } from './index-handle';
import { LocalThreadStore } from './local-thread-store';
import { copyHome } from './testing/temp-home';

const fixture = codexFixture('0.142.0');

async function listEverything(store: LocalThreadStore) {
  const active = await store.listThreads({ pageSize: 100, modelProviders: [], sortKey: 'updated_at' });
  const archived = await store.listThreads({ pageSize: 100, modelProviders: [], archived: true });
  return { active: active.items, archived: archived.items };
}

async function removeIndexFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(STATE_DB_FILE_NAME)) await rm(join(dir, name));
  }
}

describe('rebuilding the index from the rollouts', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function home() {
    const dir = await copyHome(fixture.home);
    cleanups.push(dir.remove);
    return dir.path;
  }

  async function open(path: string, extra: Partial<Parameters<typeof LocalThreadStore.open>[0]> = {}) {
    const store = await LocalThreadStore.open({ home: path, index: 'sqlite', ...extra });
    cleanups.push(() => store.close());
    return store;
  }

  it('builds a missing index with progress, and a deleted one again with identical results', async () => {
    const path = await home();
    const progress: IndexProgress[] = [];
    const first = await open(path, { onIndexProgress: (p) => progress.push(p) });
    // Changes made through the store must survive the rebuild: they live in the files.
    await first.updateThreadMetadata({ threadId: '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce', patch: { name: 'kept' } });
    await first.updateThreadMetadata({
      threadId: '01a1fda6-2ee8-7e81-a228-b41a8093b8f1',
      patch: { memoryMode: 'disabled', gitInfo: { branch: 'release' } },
    });
    await first.archiveThread({ threadId: '01a1fda6-3b8a-7792-8e1c-b22826e2c31c' });
    const before = await listEverything(first);
    expect(progress.some((p) => p.phase === 'index' && p.rebuild)).toBe(true);
    await first.close();

    await removeIndexFiles(path);
    const rebuiltProgress: IndexProgress[] = [];
    const second = await open(path, { onIndexProgress: (p) => rebuiltProgress.push(p) });
    expect(await listEverything(second)).toEqual(before);
    expect(rebuiltProgress.at(0)).toEqual({ phase: 'scan', done: 10, total: 10, rebuild: true });
    expect(rebuiltProgress.at(-1)).toEqual({ phase: 'index', done: 10, total: 10, rebuild: true });
    expect(before.active.find((t) => t.threadId === '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce')?.name).toBe('kept');
    expect(before.active.find((t) => t.threadId === '01a1fda6-2ee8-7e81-a228-b41a8093b8f1')).toMatchObject({
      memoryMode: 'disabled',
      gitInfo: { branch: 'release' },
    });
  });

  it('lists the same with and without an index', async () => {
    const path = await home();
    const indexed = await listEverything(await open(path));
    const none = await LocalThreadStore.open({ home: path, index: 'none' });
    const fromFiles = await listEverything(none);
    expect(fromFiles.archived).toEqual(indexed.archived);
    expect(new Set(fromFiles.active.map((t) => t.threadId))).toEqual(new Set(indexed.active.map((t) => t.threadId)));
    for (const thread of fromFiles.active) {
      expect(thread).toEqual(indexed.active.find((t) => t.threadId === thread.threadId));
    }
  });

  it('sets a corrupt index aside and rebuilds it', async () => {
    const path = await home();
    const before = await listEverything(await open(path));
    for (const store of cleanups.splice(1)) await store();
    await removeIndexFiles(path);
    await writeFile(join(path, STATE_DB_FILE_NAME), 'this is not a database, it is a text file '.repeat(200));
    const errors: Error[] = [];
    const store = await open(path, { onIndexError: (e) => errors.push(e) });
    expect(await listEverything(store)).toEqual(before);
    expect(errors.map((e) => (e as { code?: string }).code)).toContain('corrupt');
    expect((await readdir(path)).some((name) => name.startsWith(`${STATE_DB_FILE_NAME}.corrupt-`))).toBe(true);
  });

  it('notices an index deleted while open and rebuilds it', async () => {
    const path = await home();
    const store = await open(path, { reconcileIntervalMs: 0 });
    const before = await listEverything(store);
    await removeIndexFiles(path);
    expect(existsSync(join(path, STATE_DB_FILE_NAME))).toBe(false);
    expect(await listEverything(store)).toEqual(before);
    expect(existsSync(join(path, STATE_DB_FILE_NAME))).toBe(true);
  });

  it('does not create a missing home for its index, and indexes it once threads exist', async () => {
    const parent = await copyHome(join(fixture.home, 'archived_sessions'));
    cleanups.push(parent.remove);
    const path = join(parent.path, 'not-yet');
    const store = await open(path);
    expect((await store.listThreads({})).items).toEqual([]);
    const params = { threadId: '01a1fda6-4000-7000-8000-0000000000aa', source: 'cli' as const, cwd: '/w', originator: 'o', cliVersion: '1', modelProvider: 'openai' };
    await store.createThread(params);
    expect(existsSync(path)).toBe(false);
    await store.appendItems({
      threadId: params.threadId,
      items: [{ type: 'event_msg', payload: { type: 'user_message', message: 'first', images: [], local_images: [], text_elements: [] } }],
    });
    expect((await store.listThreads({})).items.map((t) => t.preview)).toEqual(['first']);
    expect(existsSync(join(path, STATE_DB_FILE_NAME))).toBe(true);
  });

  it('keeps the index where sqliteHome says and never touches Codex state files', async () => {
    const path = await home();
    const codexState = join(path, 'state_5.sqlite');
    await writeFile(codexState, 'Codex owns this file');
    const sqliteHome = await copyHome(join(path, 'archived_sessions'));
    cleanups.push(sqliteHome.remove);
    const store = await open(path, { sqliteHome: sqliteHome.path });
    expect((await listEverything(store)).active).toHaveLength(9);
    expect(existsSync(join(sqliteHome.path, STATE_DB_FILE_NAME))).toBe(true);
    expect(existsSync(join(path, STATE_DB_FILE_NAME))).toBe(false);
    expect((await readdir(path)).filter((n) => n.includes('sqlite'))).toEqual(['state_5.sqlite']);
  });
});
