import { ThreadStoreError } from '@threadkit/thread-store';
import { storeErrorFromDriver } from '../connection/driver-errors';
import { writeHistory } from '../operations/write-history';
import type { StoreContext } from '../store-context';
import { LiveWriter, type PendingThread } from './live-writer';
import { takeWriterLock } from './take-writer-lock';

/**
 * Opens this instance's live writer of a thread: refuses a second writer in
 * this instance, takes the cross-process lock, then lets `prepare` check the
 * database and say where the writer starts. Anything that fails releases the
 * lock again, so a refused open leaves nothing held.
 */
export async function openLiveWriter(
  ctx: StoreContext,
  operation: string,
  threadId: string,
  prepare: () => Promise<{ pending: PendingThread | null; nextSeq: number }>,
): Promise<void> {
  if (ctx.writers.has(threadId) || ctx.opening.has(threadId)) {
    throw ThreadStoreError.conflict(`thread ${threadId} already has a live writer in this store instance`, {
      threadId,
    });
  }
  ctx.opening.add(threadId);
  try {
    await takeWriterLock(ctx, operation, threadId, 'already has a live writer in another store instance');
    let start: { pending: PendingThread | null; nextSeq: number };
    try {
      start = await prepare();
    } catch (error) {
      await ctx.locks.release(threadId).catch(() => undefined);
      throw storeErrorFromDriver(error, { operation, threadId, where: ctx.runner.description });
    }
    const writer = new LiveWriter({
      threadId,
      ...start,
      write: (target, items) => writeHistory(ctx, target, items),
      closedError: () => ThreadStoreError.threadNotFound(threadId, 'its live writer was released'),
    });
    ctx.writers.set(threadId, writer);
  } finally {
    ctx.opening.delete(threadId);
  }
}

/** This instance's open live writer of a thread, or `thread_not_found` naming the operation. */
export function ownLiveWriter(ctx: StoreContext, operation: string, threadId: string): LiveWriter {
  const writer = ctx.writers.get(threadId);
  if (!writer || writer.closing) {
    throw ThreadStoreError.threadNotFound(threadId, `${operation} needs a live writer; create or resume the thread first`);
  }
  return writer;
}
