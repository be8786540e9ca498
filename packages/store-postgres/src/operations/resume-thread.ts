import { parseResumeThreadParams, type ResumeThreadParams, ThreadStoreError } from '@threadkit/thread-store';
import type { StoreContext } from '../store-context';
import { openLiveWriter } from '../writers/open-writer';

/**
 * Reopens an existing thread for appends. Stored history is never replaced:
 * `history` and the values for future writes in the params are not needed
 * here and are ignored.
 */
export async function resumeThread(ctx: StoreContext, params: ResumeThreadParams): Promise<void> {
  const parsed = parseResumeThreadParams(params);
  const { threadId } = parsed;
  if (parsed.rolloutPath !== null) {
    throw ThreadStoreError.invalidRequest('resumeThread: the PostgreSQL store has no rollout files; resume by threadId', {
      field: 'rolloutPath',
      threadId,
    });
  }
  await openLiveWriter(ctx, 'resumeThread', threadId, async () => {
    const rows = await ctx.runner.query<{ archived_at_ms: string | number | null; last_seq: string | number }>(
      `SELECT t.archived_at_ms,
              (SELECT coalesce(max(i.seq), -1) FROM ${ctx.names.items} i WHERE i.thread_id = t.thread_id) AS last_seq
         FROM ${ctx.names.threads} t WHERE t.thread_id = $1`,
      [threadId],
    );
    const row = rows[0];
    if (!row) throw ThreadStoreError.threadNotFound(threadId);
    if (row.archived_at_ms !== null && !parsed.includeArchived) {
      throw ThreadStoreError.threadNotFound(threadId, 'it is archived (pass includeArchived to reach it)');
    }
    return { pending: null, nextSeq: Number(row.last_seq) + 1 };
  });
}
