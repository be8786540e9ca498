import { type ArchiveThreadParams, parseArchiveThreadParams, ThreadStoreError } from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import type { StoreContext } from '../store-context';

/**
 * Moves a thread to the archived collection by stamping `archived_at`.
 * Archiving an archived thread changes nothing (the first time is kept).
 * A live writer of the thread is not touched.
 */
export async function archiveThread(ctx: StoreContext, params: ArchiveThreadParams): Promise<void> {
  const { threadId } = parseArchiveThreadParams(params);
  const { threads } = ctx.names;
  const archivedAt = ctx.now().getTime();
  const found = await withConnectionRetry(ctx.runner, { operation: 'archiveThread', threadId }, async () => {
    const changed = await ctx.runner.query(
      `UPDATE ${threads} SET archived_at_ms = $2 WHERE thread_id = $1 AND archived_at_ms IS NULL RETURNING thread_id`,
      [threadId, archivedAt],
    );
    if (changed.length > 0) return true;
    return (await ctx.runner.query(`SELECT 1 FROM ${threads} WHERE thread_id = $1`, [threadId])).length > 0;
  });
  if (!found) throw ThreadStoreError.threadNotFound(threadId);
}
