import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseThreadId } from '@threadkit/protocol';
import { isThreadStoreError, type ThreadStore } from '@threadkit/thread-store';
import { allThreads, EVERYTHING } from '../threads-query';

/** `rollout-YYYY-MM-DDThh-mm-ss-<thread>[_<rollout>].jsonl[.zst]` */
const ROLLOUT_NAME = /^rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-([0-9a-fA-F-]{36})(?:_[0-9a-fA-F-]{36})?\.jsonl(?:\.zst)?$/;

/**
 * Every thread of a home, oldest first: the active list, the archive, and
 * the threads no listing shows (nobody spoke in them yet, so their preview is
 * empty), found by their rollout file names. Ids only: each is read when it
 * is copied.
 */
export async function homeThreadIds(store: ThreadStore, home: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const archived of [false, true]) {
    for await (const thread of allThreads(store, { ...EVERYTHING, archived, sortDirection: 'asc' })) {
      ids.add(thread.threadId);
    }
  }
  for (const id of await rolloutFileThreadIds(home)) {
    if (!ids.has(id) && (await isThread(store, id))) ids.add(id);
  }
  return [...ids];
}

/** A file name is not a thread: one the store cannot find (no session_meta of that id) is left out. */
async function isThread(store: ThreadStore, threadId: string): Promise<boolean> {
  try {
    await store.readThread({ threadId, includeArchived: true });
    return true;
  } catch (error) {
    // Any other failure is the copy's to report, for that thread.
    return !isThreadStoreError(error, 'thread_not_found');
  }
}

/** Thread ids named by the rollout files under `sessions/` and `archived_sessions/`, in path order. */
async function rolloutFileThreadIds(home: string): Promise<string[]> {
  const ids: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.isDirectory() && depth > 0) await walk(join(dir, entry.name), depth - 1);
      if (!entry.isFile()) continue;
      const match = ROLLOUT_NAME.exec(entry.name);
      const threadId = match ? parseThreadId(match[1]!) : undefined;
      if (threadId !== undefined) ids.push(threadId);
    }
  };
  // sessions/YYYY/MM/DD/ and the flat archived_sessions/.
  await walk(join(home, 'sessions'), 3);
  await walk(join(home, 'archived_sessions'), 0);
  return ids;
}
