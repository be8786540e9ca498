import { type DeleteThreadParams, parseDeleteThreadParams, ThreadStoreError } from '@threadkit/thread-store';
import { storeErrorFromDriver } from '../connection/driver-errors';
import type { StoreContext } from '../store-context';
import { releaseLiveWriter } from '../writers/release-writer';
import { takeWriterLock } from '../writers/take-writer-lock';

async function deleteRows(ctx: StoreContext, threadId: string): Promise<boolean> {
  try {
    // Items go with their thread (ON DELETE CASCADE), in the same statement.
    const rows = await ctx.runner.query(`DELETE FROM ${ctx.names.threads} WHERE thread_id = $1 RETURNING thread_id`, [
      threadId,
    ]);
    return rows.length > 0;
  } catch (error) {
    // Not retried: a delete that committed unseen would be reported as thread_not_found.
    throw storeErrorFromDriver(error, { operation: 'deleteThread', threadId, where: ctx.runner.description });
  }
}

/**
 * Deletes a thread's row and items for good. This instance's own writer is
 * released with it (queued appends fail); a thread another instance is
 * writing is a `conflict`, checked by taking its writer lock for the delete.
 */
export async function deleteThread(ctx: StoreContext, params: DeleteThreadParams): Promise<void> {
  const { threadId } = parseDeleteThreadParams(params);
  const own = ctx.writers.get(threadId);
  let deleted: boolean;
  if (own) {
    own.closing = true;
    own.closed = true;
    await own.run(async () => undefined);
    try {
      deleted = await deleteRows(ctx, threadId);
    } finally {
      await releaseLiveWriter(ctx, own);
    }
  } else {
    if (ctx.opening.has(threadId)) {
      throw ThreadStoreError.conflict(`thread ${threadId} is being opened for writing by this store instance`, {
        threadId,
      });
    }
    ctx.opening.add(threadId);
    try {
      await takeWriterLock(ctx, 'deleteThread', threadId, 'is being written by another store instance');
      try {
        deleted = await deleteRows(ctx, threadId);
      } finally {
        await ctx.locks.release(threadId);
      }
    } finally {
      ctx.opening.delete(threadId);
    }
  }
  if (!deleted) throw ThreadStoreError.threadNotFound(threadId);
}
