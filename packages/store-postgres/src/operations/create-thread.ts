import {
  type CreateThreadParams,
  parseCreateThreadParams,
  sessionMetaForNewThread,
  ThreadStoreError,
} from '@threadkit/thread-store';
import { encodeHistoryItem } from '../rows/history-lines';
import { newThreadFields } from '../rows/thread-row';
import type { StoreContext } from '../store-context';
import { openLiveWriter } from '../writers/open-writer';

/**
 * Opens a live writer for a new thread. Nothing is written: the thread row
 * and its session_meta are inserted by the first write (an append the
 * persistence policy keeps, persistThread, or a metadata update).
 */
export async function createThread(ctx: StoreContext, params: CreateThreadParams): Promise<void> {
  const parsed = parseCreateThreadParams(params);
  const { threadId } = parsed;
  if (parsed.historyMode === 'paginated') throw ThreadStoreError.unsupported('paginated_threads', { threadId });
  await openLiveWriter(ctx, 'createThread', threadId, async () => {
    // Checked under the thread's lock: nobody can insert it between this check and our first write.
    const existing = await ctx.runner.query(`SELECT 1 FROM ${ctx.names.threads} WHERE thread_id = $1`, [threadId]);
    if (existing.length > 0) {
      throw ThreadStoreError.conflict(`thread ${threadId} already exists`, { threadId });
    }
    const createdAt = parsed.createdAt ?? ctx.now();
    return {
      pending: {
        fields: newThreadFields(parsed, createdAt),
        sessionMeta: encodeHistoryItem(sessionMetaForNewThread(parsed, createdAt), createdAt),
      },
      // seq 0 is the session_meta.
      nextSeq: 1,
    };
  });
}
