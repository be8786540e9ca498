import type { ThreadId } from '@threadkit/protocol';
import {
  type ExistingRolloutFile,
  existingRolloutFile,
  findRollout,
  type RolloutFileStat,
  readRolloutHead,
} from '@threadkit/rollout';
import type { IndexedThread } from '@threadkit/state';
import { isArchivedPath, rolloutNameMatches } from './rollout-paths';
import type { LiveWriter, LocalStoreContext } from './store-context';

/** Where a thread's rollout is, and the index row that describes it (when the row could be trusted). */
export interface LocatedThread {
  threadId: ThreadId;
  /** The logical `.jsonl` path. */
  path: string;
  /** The file that exists (plain or `.zst`). */
  actualPath: string;
  stat: RolloutFileStat;
  archived: boolean;
  /** The index row, verified against the file; undefined without index or when it was missing or stale. */
  row: IndexedThread | undefined;
  /** This instance's writer of the thread, if any. */
  writer: LiveWriter | undefined;
}

/** True when the file's first session_meta is the thread's own (not a copy of another thread's file). */
async function headBelongsTo(file: ExistingRolloutFile, threadId: string): Promise<boolean> {
  try {
    const head = await readRolloutHead(file.actualPath, { lineLimit: 1, previewExtension: 0, file });
    return head.metadata?.threadId === threadId;
  } catch {
    return false;
  }
}

/**
 * Finds a thread's rollout, in either collection: this instance's live
 * writer first, then the index row if its file still exists, holds the same
 * thread and sits in the collection the row says, and otherwise a search of
 * the files. A row that points nowhere is dropped on the way. Undefined when
 * the thread has no rollout (a created thread without history has none).
 */
export async function locateThread(ctx: LocalStoreContext, threadId: ThreadId): Promise<LocatedThread | undefined> {
  const writer = ctx.writers.get(threadId);
  const row = ctx.index?.use((index) => index.getThread(threadId));

  if (writer?.materialized) {
    const path = writer.recorder.path;
    const found = await existingRolloutFile(path);
    // The writer's path goes stale when the thread is archived while open; then look it up.
    if (found) {
      const archived = isArchivedPath(path, ctx.archivedDir);
      const rowMatches = row && row.rolloutPath === path && (row.archivedAt !== null) === archived;
      return { threadId, path, ...found, archived, row: rowMatches ? row : undefined, writer };
    }
  }

  if (row) {
    const found = await existingRolloutFile(row.rolloutPath);
    const archived = isArchivedPath(row.rolloutPath, ctx.archivedDir);
    if (
      found &&
      rolloutNameMatches(row.rolloutPath, threadId) &&
      (row.archivedAt !== null) === archived &&
      (await headBelongsTo(found, threadId))
    ) {
      return { threadId, path: row.rolloutPath, ...found, archived, row, writer };
    }
  }

  const found = await findRollout(ctx.home, threadId, { includeArchived: true });
  if (!found) {
    // The row outlived its file (deleted by hand, or by another program): it describes nothing.
    if (row) ctx.index?.use((index) => index.deleteThread(threadId));
    return undefined;
  }
  const stat = await existingRolloutFile(found.path);
  if (!stat) return undefined;
  return { threadId, path: found.path, ...stat, archived: found.archived, row: undefined, writer };
}
