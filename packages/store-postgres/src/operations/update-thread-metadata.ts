import {
  isEmptyThreadMetadataPatch,
  type ParsedUpdateThreadMetadataParams,
  parseUpdateThreadMetadataParams,
  type StoredThread,
  ThreadStoreError,
  type UpdateThreadMetadataParams,
} from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import { SqlParams } from '../rows/sql-params';
import { patchAssignments, storedThreadFromRow, type ThreadRow, threadColumns } from '../rows/thread-row';
import type { StoreContext } from '../store-context';
import { assertVisible } from './load-history';

/**
 * Applies the patch in one UPDATE ... RETURNING: one statement, so the
 * whole patch lands or none of it, and concurrent patches of other fields
 * (from any instance) are never lost. Null when no visible row matched.
 */
async function applyPatch(
  ctx: StoreContext,
  parsed: ParsedUpdateThreadMetadataParams,
): Promise<ThreadRow | null> {
  const sql = new SqlParams();
  const id = sql.bind(parsed.threadId);
  const visible = `(archived_at_ms IS NULL OR ${sql.bind(parsed.includeArchived)}::boolean)`;
  if (isEmptyThreadMetadataPatch(parsed.patch)) {
    const rows = await ctx.runner.query<ThreadRow>(
      `SELECT ${threadColumns()} FROM ${ctx.names.threads} WHERE thread_id = ${id} AND ${visible}`,
      sql.values,
    );
    return rows[0] ?? null;
  }
  const assignments = patchAssignments(parsed.patch, sql);
  const rows = await ctx.runner.query<ThreadRow>(
    `UPDATE ${ctx.names.threads} SET ${assignments.join(', ')} WHERE thread_id = ${id} AND ${visible} RETURNING ${threadColumns()}`,
    sql.values,
  );
  return rows[0] ?? null;
}

/**
 * Applies a literal metadata patch and returns the updated thread. A thread
 * this instance created but has not materialized yet is materialized first
 * (a metadata write is a write); an unknown thread is `thread_not_found` and
 * nothing is created.
 */
export async function updateThreadMetadata(ctx: StoreContext, params: UpdateThreadMetadataParams): Promise<StoredThread> {
  const parsed = parseUpdateThreadMetadataParams(params);
  const { threadId } = parsed;
  const context = { operation: 'updateThreadMetadata', threadId };
  // A literal patch is idempotent (recency is a maximum), so a retry after a lost connection is safe.
  let row = await withConnectionRetry(ctx.runner, context, () => applyPatch(ctx, parsed));
  if (row) return storedThreadFromRow(row);

  const existing = await withConnectionRetry(ctx.runner, context, () =>
    ctx.runner.query<{ archived_at_ms: unknown }>(`SELECT archived_at_ms FROM ${ctx.names.threads} WHERE thread_id = $1`, [
      threadId,
    ]),
  );
  if (existing[0]) {
    assertVisible(threadId, existing[0].archived_at_ms, parsed.includeArchived);
  } else {
    const writer = ctx.writers.get(threadId);
    if (!writer || writer.closing || writer.pending === null) throw ThreadStoreError.threadNotFound(threadId);
    await writer.materialize();
  }
  row = await withConnectionRetry(ctx.runner, context, () => applyPatch(ctx, parsed));
  if (!row) throw ThreadStoreError.threadNotFound(threadId, 'it was deleted or archived while being updated');
  return storedThreadFromRow(row);
}
