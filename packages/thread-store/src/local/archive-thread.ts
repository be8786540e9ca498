import {
  archiveRollout,
  existingRolloutFile,
  isRolloutError,
  type MovedRollout,
  unarchiveRollout,
} from '@threadkit/rollout';
import { ThreadStoreError } from '../errors';
import { parseArchiveThreadParams, parseUnarchiveThreadParams } from '../parse-params';
import type { ArchiveThreadParams } from '../types/archive-thread-params';
import type { StoredThread } from '../types/stored-thread';
import { rowReadFile } from './index-rows';
import { type LocatedThread, locateThread } from './locate-thread';
import { describeLocatedThread } from './read-thread';
import { indexSummary } from './reconcile-index';
import { summarizeRollout } from './rollout-summary';
import type { LocalStoreContext } from './store-context';
import { withThreadMutex } from './thread-mutex';
import { asStoreErrors } from './to-store-error';

async function locateOrNotFound(ctx: LocalStoreContext, threadId: LocatedThread['threadId']): Promise<LocatedThread> {
  const located = await locateThread(ctx, threadId);
  if (!located) throw ThreadStoreError.threadNotFound(threadId);
  return located;
}

/** Moves the file; if another program moved it first, says so by returning undefined. */
async function moveOrNotice(move: () => Promise<MovedRollout>): Promise<MovedRollout | undefined> {
  try {
    return await move();
  } catch (error) {
    if (isRolloutError(error, 'not_found')) return undefined;
    throw error;
  }
}

/**
 * Records a move in the index so the row says what a row rebuilt from the
 * moved file says. A row that had read the file as it was is moved along:
 * archived at the file's mtime, or, restored, updated and recent at the new
 * mtime the restore gave the file. Any other row (none, or one that never
 * read what was appended since) is brought in step from the file itself.
 */
async function indexMovedFile(
  ctx: LocalStoreContext,
  located: LocatedThread,
  toPath: string,
  archived: boolean,
): Promise<void> {
  ctx.touchedFiles.add(located.path);
  ctx.touchedFiles.add(toPath);
  if (!ctx.index) return;
  const found = await existingRolloutFile(toPath);
  if (!found) return;
  const { threadId } = located;
  const mtime = found.stat.mtimeMs;
  const inStep =
    located.row !== undefined && rowReadFile(located.row, located.stat) && found.stat.sizeBytes === located.stat.sizeBytes;
  const moved =
    inStep &&
    ctx.index.use((index) => {
      if (archived) return index.markArchived(threadId, { rolloutPath: toPath, archivedAt: mtime, rolloutFile: found.stat });
      const restored = index.markUnarchived(threadId, { rolloutPath: toPath, updatedAt: mtime, rolloutFile: found.stat });
      return restored && index.patchThread(threadId, { advanceRecencyAt: mtime });
    });
  if (moved) return;
  const summary = await summarizeRollout(toPath, {
    archivedDir: ctx.archivedDir,
    threadId,
    actualPath: found.actualPath,
    stat: found.stat,
  });
  if (summary) indexSummary(ctx, summary);
}

/**
 * Moves the rollout to the flat `archived_sessions/`, as Codex does. Like in
 * Codex's file listing, an archived thread is archived at its file's mtime
 * (a move does not change it), so a rebuilt index says the same. A live
 * writer keeps writing to the moved file. Archiving twice changes nothing.
 */
export function archiveThread(ctx: LocalStoreContext, params: ArchiveThreadParams): Promise<void> {
  const { threadId } = parseArchiveThreadParams(params);
  return asStoreErrors(threadId, () =>
    withThreadMutex(ctx.home, threadId, async () => {
      const located = await locateOrNotFound(ctx, threadId);
      if (located.archived) return;
      const moved = await moveOrNotice(() => archiveRollout(ctx.home, threadId, { path: located.actualPath }));
      if (!moved) {
        if (!(await locateOrNotFound(ctx, threadId)).archived) throw ThreadStoreError.threadNotFound(threadId);
        return;
      }
      await indexMovedFile(ctx, located, moved.toPath, true);
    }),
  );
}

/**
 * Moves an archived rollout back to `sessions/YYYY/MM/DD/` and touches it
 * (so it reads as just updated, as in Codex), and returns the thread.
 * Unarchiving an active thread returns it unchanged.
 */
export function unarchiveThread(ctx: LocalStoreContext, params: ArchiveThreadParams): Promise<StoredThread> {
  const { threadId } = parseUnarchiveThreadParams(params);
  return asStoreErrors(threadId, () =>
    withThreadMutex(ctx.home, threadId, async () => {
      const located = await locateOrNotFound(ctx, threadId);
      if (located.archived) {
        const moved = await moveOrNotice(() => unarchiveRollout(ctx.home, threadId, { path: located.actualPath }));
        if (moved) await indexMovedFile(ctx, located, moved.toPath, false);
      }
      const restored = await locateOrNotFound(ctx, threadId);
      if (restored.archived) throw ThreadStoreError.threadNotFound(threadId, 'its rollout could not be restored');
      return describeLocatedThread(ctx, restored);
    }),
  );
}
