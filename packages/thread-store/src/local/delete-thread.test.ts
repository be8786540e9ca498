import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalThreadStore } from './local-thread-store';
import { writeSampleThread } from './testing/sample-thread';
import { tempDir } from './testing/temp-home';

describe.each(['sqlite', 'none'] as const)('deleting with LocalThreadStore (index: %s)', (index) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('removes the rollouts of both collections with their .zst siblings, and only that thread\'s names', async () => {
    const home = await tempDir();
    cleanups.push(home.remove);
    const store = await LocalThreadStore.open({ home: home.path, index });
    cleanups.push(() => store.close());
    const doomed = await writeSampleThread(store, 'doomed');
    const kept = await writeSampleThread(store, 'kept');
    await store.updateThreadMetadata({ threadId: doomed, patch: { name: 'doomed name' } });
    await store.updateThreadMetadata({ threadId: kept, patch: { name: 'kept name' } });
    const active = (await store.readThread({ threadId: doomed })).rolloutPath!;
    // A cold sibling and a stray archived copy of the same thread.
    await writeFile(`${active}.zst`, 'compressed bytes');
    const archivedCopy = join(home.path, 'archived_sessions', basename(active));
    await store.archiveThread({ threadId: doomed });
    await writeFile(active, await readFile(archivedCopy));

    await store.deleteThread({ threadId: doomed });
    expect(existsSync(active)).toBe(false);
    expect(existsSync(`${active}.zst`)).toBe(false);
    expect(existsSync(archivedCopy)).toBe(false);
    const names = (await readFile(join(home.path, 'session_index.jsonl'), 'utf8')).trim().split('\n');
    expect(names.map((l) => JSON.parse(l).id)).toEqual([kept]);
    expect((await store.listThreads({ pageSize: 10 })).items.map((t) => t.threadId)).toEqual([kept]);
    await expect(store.readThread({ threadId: doomed, includeArchived: true })).rejects.toMatchObject({
      code: 'thread_not_found',
    });
  });
});
