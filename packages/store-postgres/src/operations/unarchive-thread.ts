import { type ArchiveThreadParams, parseUnarchiveThreadParams, type StoredThread, ThreadStoreError } from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import { storedThreadFromRow, type ThreadRow, threadColumns } from '../rows/thread-row';
import type { StoreContext } from '../store-context';

/** Restores an archived thread to the active collection and returns it; an active thread is returned unchanged. */
export async function unarchiveThread(ctx: StoreContext, params: ArchiveThreadParams): Promise<StoredThread> {
  const { threadId } = parseUnarchiveThreadParams(params);
  const rows = await withConnectionRetry(ctx.runner, { operation: 'unarchiveThread', threadId }, () =>
    ctx.runner.query<ThreadRow>(
      `UPDATE ${ctx.names.threads} SET archived_at_ms = NULL WHERE thread_id = $1 RETURNING ${threadColumns()}`,
      [threadId],
    ),
  );
  if (!rows[0]) throw ThreadStoreError.threadNotFound(threadId);
  return storedThreadFromRow(rows[0]);
}
