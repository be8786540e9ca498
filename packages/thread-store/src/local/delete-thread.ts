import { deleteRolloutFiles, inspectWriterLock, removeThreadNameEntries } from '@threadkit/rollout';
import { ThreadStoreError } from '../errors';
import { parseDeleteThreadParams } from '../parse-params';
import type { DeleteThreadParams } from '../types/archive-thread-params';
import { discardWriter, isLiveElsewhereInProcess } from './live-writer';
import type { LocalStoreContext } from './store-context';
import { withThreadMutex } from './thread-mutex';
import { asStoreErrors } from './to-store-error';

/**
 * Deletes the thread for good: its rollouts (active and archived, plain and
 * `.zst`), its entries in `session_index.jsonl` and its index row. This
 * instance's writer of the thread is released first; a thread another
 * instance or process is writing is a `conflict` and nothing is deleted.
 */
export function deleteThread(ctx: LocalStoreContext, params: DeleteThreadParams): Promise<void> {
  const { threadId } = parseDeleteThreadParams(params);
  return asStoreErrors(threadId, () =>
    withThreadMutex(ctx.home, threadId, async () => {
      const writer = ctx.writers.get(threadId);
      if (writer) {
        await discardWriter(ctx, writer);
      } else {
        const lock = await inspectWriterLock(ctx.home, threadId);
        if (lock.state === 'held' || isLiveElsewhereInProcess(ctx, threadId)) {
          throw ThreadStoreError.conflict(`thread ${threadId} is being written by another store instance or process`, {
            threadId,
          });
        }
      }
      const removed = await deleteRolloutFiles(ctx.home, threadId);
      await removeThreadNameEntries(ctx.home, threadId);
      ctx.index?.use((index) => index.deleteThread(threadId));
      if (removed.length === 0) throw ThreadStoreError.threadNotFound(threadId);
    }),
  );
}
