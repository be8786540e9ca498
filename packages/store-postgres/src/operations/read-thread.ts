import { parseReadThreadParams, type ReadThreadParams, type StoredThread, ThreadStoreError } from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import { storedThreadFromRow, type ThreadRow, threadColumns } from '../rows/thread-row';
import type { StoreContext } from '../store-context';
import { assertVisible, readHistory } from './load-history';

/** One thread's metadata, and with `includeHistory` its items, read in one snapshot. */
export async function readThread(ctx: StoreContext, params: ReadThreadParams): Promise<StoredThread> {
  const { threadId, includeArchived, includeHistory } = parseReadThreadParams(params);
  const { threads } = ctx.names;
  const found = await withConnectionRetry(ctx.runner, { operation: 'readThread', threadId }, async () => {
    if (!includeHistory) {
      const rows = await ctx.runner.query<ThreadRow>(`SELECT ${threadColumns()} FROM ${threads} WHERE thread_id = $1`, [
        threadId,
      ]);
      return rows[0] ? { row: rows[0], history: null } : null;
    }
    return ctx.runner.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const rows = await tx.query<ThreadRow>(`SELECT ${threadColumns()} FROM ${threads} WHERE thread_id = $1`, [
        threadId,
      ]);
      if (!rows[0]) return null;
      return { row: rows[0], history: await readHistory(tx, ctx.names, threadId) };
    });
  });
  if (!found) throw ThreadStoreError.threadNotFound(threadId);
  assertVisible(threadId, found.row.archived_at_ms, includeArchived);
  const thread = storedThreadFromRow(found.row);
  if (found.history) thread.history = { threadId, items: found.history.items };
  return thread;
}
