import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newThreadId } from '@threadkit/protocol';
import { STATE_DB_FILE_NAME } from '@threadkit/state';
import { type ListThreadsParams, LocalThreadStore, type StoredThread } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMixedHome } from './support/generated-home';
import { sessionParams, userMessage } from './support/records';
import { makeTempRoot, type TempRoot } from './support/temp-root';

/** Each listing as its order of ids, and every thread seen once, as plain JSON (dates as ISO text). */
interface Snapshot {
  orders: Record<string, string[]>;
  threads: Record<string, unknown>;
}

const SORTS = ['created_at', 'updated_at', 'recency_at'] as const;

/** Every page of a listing, following cursors. */
async function listAll(store: LocalThreadStore, params: ListThreadsParams): Promise<StoredThread[]> {
  const all: StoredThread[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await store.listThreads({ ...params, pageSize: 37, cursor });
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
  throw new Error('listing did not end');
}

/** What a user of the store sees: every listing (each sort, both directions, both collections, the filters). */
async function snapshotListings(store: LocalThreadStore, sampleCwd: string): Promise<Snapshot> {
  const listings: Record<string, StoredThread[]> = {};
  for (const sortKey of SORTS) {
    for (const sortDirection of ['desc', 'asc'] as const) {
      for (const archived of [false, true]) {
        listings[`${sortKey} ${sortDirection} archived=${archived}`] = await listAll(store, { sortKey, sortDirection, archived, modelProviders: [] });
      }
    }
  }
  listings['default providers'] = await listAll(store, {});
  listings['provider azure'] = await listAll(store, { modelProviders: ['azure'] });
  listings['source exec'] = await listAll(store, { modelProviders: [], allowedSources: ['exec'] });
  listings[`cwd ${sampleCwd}`] = await listAll(store, { modelProviders: [], cwdFilters: [sampleCwd] });
  listings['search cache'] = await listAll(store, { modelProviders: [], searchTerm: 'cache' });
  const snapshot: Snapshot = { orders: {}, threads: {} };
  for (const [key, threads] of Object.entries(listings)) {
    snapshot.orders[key] = threads.map((thread) => thread.threadId);
    for (const thread of threads) snapshot.threads[thread.threadId] = JSON.parse(JSON.stringify(thread));
  }
  return snapshot;
}

/** Compares thread by thread first, so a difference reads as `<id>.<field>` rather than as a moved page. */
function expectSameListings(actual: Snapshot, expected: Snapshot): void {
  expect(Object.keys(actual.threads).sort()).toEqual(Object.keys(expected.threads).sort());
  for (const [threadId, thread] of Object.entries(expected.threads)) expect(actual.threads[threadId], threadId).toEqual(thread);
  expect(actual.orders).toEqual(expected.orders);
}

function indexFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(STATE_DB_FILE_NAME));
}

describe('the SQLite index, deleted or corrupted', () => {
  let temp: TempRoot;
  let cacheDir: string;
  let baseline: Snapshot;
  let sampleCwd: string;
  let activeCount: number;

  beforeAll(async () => {
    temp = makeTempRoot();
    cacheDir = mkdtempSync(join(tmpdir(), 'threadkit-reliability-homes-'));
    buildMixedHome(temp.home, cacheDir, 240);

    const store = await LocalThreadStore.open({ home: temp.home, index: 'sqlite' });
    const first = await listAll(store, { modelProviders: [] });
    // Metadata that lives in files (names in session_index.jsonl, git and memory mode as session_meta copies, archive moves)...
    const [a, b, c, d, e] = first;
    await store.updateThreadMetadata({ threadId: a!.threadId, patch: { name: 'Rebuild me' } });
    await store.updateThreadMetadata({ threadId: b!.threadId, patch: { name: 'temporary' } });
    await store.updateThreadMetadata({ threadId: b!.threadId, patch: { name: null } });
    await store.updateThreadMetadata({ threadId: c!.threadId, patch: { gitInfo: { sha: 'a'.repeat(40), branch: 'rebuilt', originUrl: 'https://example.com/r.git' } } });
    await store.updateThreadMetadata({ threadId: d!.threadId, patch: { memoryMode: 'disabled' } });
    await store.archiveThread({ threadId: e!.threadId });
    // ...and a thread recorded through the store itself.
    const recorded = newThreadId();
    await store.createThread(sessionParams(recorded));
    await store.appendItems({ threadId: recorded, items: [userMessage('recorded through the store, then rebuilt')] });
    await store.shutdownThread(recorded);

    sampleCwd = first[7]!.cwd;
    baseline = await snapshotListings(store, sampleCwd);
    activeCount = baseline.orders['created_at desc archived=false']!.length;
    await store.close();
  }, 120_000);

  afterAll(() => {
    temp.cleanup();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('lists every thread of the home to begin with', () => {
    expect(activeCount).toBeGreaterThan(200);
    expect(baseline.orders['created_at desc archived=true']!.length).toBeGreaterThan(1);
  });

  it('rebuilds a deleted index to identical listings', async () => {
    const files = indexFiles(temp.home);
    expect(files).toContain(STATE_DB_FILE_NAME);
    for (const name of files) rmSync(join(temp.home, name));
    const store = await LocalThreadStore.open({ home: temp.home, index: 'sqlite' });
    expectSameListings(await snapshotListings(store, sampleCwd), baseline);
    await store.close();
    expect(indexFiles(temp.home)).toContain(STATE_DB_FILE_NAME);
  });

  it('rebuilds an index whose pages were overwritten with garbage to identical listings', async () => {
    const path = join(temp.home, STATE_DB_FILE_NAME);
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    const garbage = Buffer.alloc(16 * 1024, 0xa5);
    for (let offset = 4096; offset < size; offset += 64 * 1024) writeSync(fd, garbage, 0, garbage.length, offset);
    closeSync(fd);
    const errors: Error[] = [];
    const store = await LocalThreadStore.open({ home: temp.home, index: 'sqlite', onIndexError: (error) => errors.push(error) });
    expectSameListings(await snapshotListings(store, sampleCwd), baseline);
    await store.close();
    expect(errors.length).toBeGreaterThan(0);
  });

  it('rebuilds an index that is not a database at all to identical listings', async () => {
    const path = join(temp.home, STATE_DB_FILE_NAME);
    for (const name of indexFiles(temp.home)) rmSync(join(temp.home, name));
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.from('this is not an SQLite database\n'.repeat(200)));
    closeSync(fd);
    const store = await LocalThreadStore.open({ home: temp.home, index: 'sqlite' });
    expectSameListings(await snapshotListings(store, sampleCwd), baseline);
    await store.close();
  });

  it('lists the same threads in the same order with no index at all', async () => {
    const store = await LocalThreadStore.open({ home: temp.home, index: 'none' });
    const unindexed = await listAll(store, { modelProviders: [], sortKey: 'created_at' });
    expect(unindexed.map((t) => t.threadId)).toEqual(baseline.orders['created_at desc archived=false']);
    await store.close();
  });

  describe('an unarchived thread (last: this changes the home)', () => {
    let live: Record<string, unknown>;
    let rebuilt: Record<string, unknown>;
    beforeAll(async () => {
      const store = await LocalThreadStore.open({ home: temp.home, index: 'sqlite' });
      const archived = await listAll(store, { modelProviders: [], archived: true });
      const restored = await store.unarchiveThread({ threadId: archived[archived.length - 1]!.threadId });
      const pick = (threads: StoredThread[]) => JSON.parse(JSON.stringify(threads.find((t) => t.threadId === restored.threadId)));
      live = pick(await listAll(store, { modelProviders: [], sortKey: 'recency_at' }));
      await store.close();
      for (const name of indexFiles(temp.home)) rmSync(join(temp.home, name));
      const rebuiltStore = await LocalThreadStore.open({ home: temp.home, index: 'sqlite' });
      rebuilt = pick(await listAll(rebuiltStore, { modelProviders: [], sortKey: 'recency_at' }));
      await rebuiltStore.close();
    });

    it('is rebuilt with the same metadata', () => {
      expect({ ...rebuilt, recencyAt: undefined }).toEqual({ ...live, recencyAt: undefined });
    });

    // Unarchive touches the rollout (as Codex does): the live row and a rebuilt one are both recent at that time.
    it('is rebuilt with the same recencyAt, the unarchive time', () => {
      expect(rebuilt.recencyAt).toEqual(live.recencyAt);
      expect(live.recencyAt).toEqual(live.updatedAt);
    });
  });
});
