import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_DB_FILE_NAME } from '@threadkit/state';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryThreadStore } from '../in-memory/in-memory-thread-store';
import { LocalThreadStore } from '../local/local-thread-store';
import { sampleCreateParams, userMessage } from '../local/testing/sample-thread';
import { tempDir } from '../local/testing/temp-home';
import type { ThreadStore } from '../thread-store';
import { LiveThread } from './live-thread';

// Far from the real clock, so a store stamping session_meta with its own clock shows.
const CREATED = new Date('2026-02-03T04:05:06.789Z');
const STORE_CLOCK = () => new Date('2031-01-01T00:00:00.000Z');

async function sessionMetaTimestamp(store: ThreadStore, threadId: string): Promise<string> {
  const [first] = (await store.loadHistory({ threadId })).items;
  expect(first?.type).toBe('session_meta');
  return (first!.payload as { timestamp: string }).timestamp;
}

async function createWithLiveThread(store: ThreadStore): Promise<string> {
  const params = sampleCreateParams();
  const live = await LiveThread.create(store, params, { now: () => new Date(CREATED) });
  await live.appendItems([userMessage('when was this made?')]);
  await live.shutdown();
  return params.threadId;
}

describe('the creation time of a new thread', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function localStore(index: 'sqlite' | 'none', home?: string) {
    let path = home;
    if (!path) {
      const dir = await tempDir();
      cleanups.push(dir.remove);
      path = dir.path;
    }
    const store = await LocalThreadStore.open({ home: path, index });
    cleanups.push(() => store.close());
    return { store, home: path };
  }

  it('is the createdAt the caller gives the store, in session_meta and in the thread', async () => {
    const store = new InMemoryThreadStore({ now: STORE_CLOCK });
    const params = sampleCreateParams({ createdAt: CREATED });
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('hello')] });
    await store.shutdownThread(params.threadId);
    expect(await sessionMetaTimestamp(store, params.threadId)).toBe(CREATED.toISOString());
    expect((await store.readThread({ threadId: params.threadId })).createdAt).toEqual(CREATED);
  });

  it('is rejected when it is not a valid Date', async () => {
    const store = new InMemoryThreadStore();
    await expect(store.createThread(sampleCreateParams({ createdAt: new Date('nope') }))).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'createdAt',
    });
  });

  it('is one instant for LiveThread and the in-memory store', async () => {
    const store = new InMemoryThreadStore({ now: STORE_CLOCK });
    const threadId = await createWithLiveThread(store);
    expect(await sessionMetaTimestamp(store, threadId)).toBe(CREATED.toISOString());
    expect((await store.readThread({ threadId })).createdAt).toEqual(CREATED);
  });

  it('is one instant for LiveThread and the local store, in the index and after a rebuild', async () => {
    const { store, home } = await localStore('sqlite');
    const threadId = await createWithLiveThread(store);
    expect(await sessionMetaTimestamp(store, threadId)).toBe(CREATED.toISOString());
    expect((await store.readThread({ threadId })).createdAt).toEqual(CREATED);
    expect((await store.listThreads({})).items.map((t) => t.createdAt)).toEqual([CREATED]);
    await store.close();

    for (const name of await readdir(home)) {
      if (name.startsWith(STATE_DB_FILE_NAME)) await rm(join(home, name));
    }
    const rebuilt = (await localStore('sqlite', home)).store;
    expect((await rebuilt.listThreads({})).items.map((t) => t.createdAt)).toEqual([CREATED]);
    expect((await rebuilt.readThread({ threadId })).createdAt).toEqual(CREATED);
  });

  it('is the session_meta timestamp for the local store without an index', async () => {
    const { store } = await localStore('none');
    const threadId = await createWithLiveThread(store);
    expect(await sessionMetaTimestamp(store, threadId)).toBe(CREATED.toISOString());
    expect((await store.readThread({ threadId })).createdAt).toEqual(CREATED);
  });

  it('defaults to the LiveThread clock when the caller gives none, not a later reading', async () => {
    const store = new InMemoryThreadStore({ now: STORE_CLOCK });
    const params = sampleCreateParams();
    let readings = 0;
    const live = await LiveThread.create(store, params, { now: () => new Date(CREATED.getTime() + readings++ * 7) });
    await live.appendItems([userMessage('hello')]);
    await live.shutdown();
    const stored = await store.readThread({ threadId: params.threadId });
    expect(stored.createdAt.toISOString()).toBe(await sessionMetaTimestamp(store, params.threadId));
  });
});
