import {
  type LoadThreadHistoryParams,
  parseLoadThreadHistoryParams,
  type StoredThreadHistory,
  type ThreadHistoryItem,
  ThreadStoreError,
} from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import type { SqlExecutor } from '../connection/sql-runner';
import { decodeHistoryLine } from '../rows/history-lines';
import type { SchemaNames } from '../schema/schema-names';
import type { StoreContext } from '../store-context';

/** Refuses an archived thread unless the caller asked for archived ones. */
export function assertVisible(threadId: string, archivedAt: unknown, includeArchived: boolean): void {
  if (archivedAt !== null && archivedAt !== undefined && !includeArchived) {
    throw ThreadStoreError.threadNotFound(threadId, 'it is archived (pass includeArchived to reach it)');
  }
}

/**
 * A thread's items in replay order, and whether it is archived, in one
 * statement (one snapshot). `null` when the thread does not exist.
 */
export async function readHistory(
  tx: SqlExecutor,
  names: SchemaNames,
  threadId: string,
): Promise<{ archivedAtMs: string | number | null; items: ThreadHistoryItem[] } | null> {
  const rows = await tx.query<{ archived_at_ms: string | number | null; seq: string | number | null; line: string | null }>(
    `SELECT t.archived_at_ms, i.seq, i.line
       FROM ${names.threads} t LEFT JOIN ${names.items} i ON i.thread_id = t.thread_id
      WHERE t.thread_id = $1
      ORDER BY i.seq`,
    [threadId],
  );
  const first = rows[0];
  if (!first) return null;
  const items: ThreadHistoryItem[] = [];
  for (const row of rows) {
    if (row.line !== null) items.push(decodeHistoryLine(row.line, threadId, Number(row.seq)));
  }
  return { archivedAtMs: first.archived_at_ms, items };
}

/** Every persisted item of a thread, in replay order (the first is its session_meta). */
export async function loadHistory(ctx: StoreContext, params: LoadThreadHistoryParams): Promise<StoredThreadHistory> {
  const { threadId, includeArchived } = parseLoadThreadHistoryParams(params);
  const history = await withConnectionRetry(ctx.runner, { operation: 'loadHistory', threadId }, () =>
    readHistory(ctx.runner, ctx.names, threadId),
  );
  if (!history) throw ThreadStoreError.threadNotFound(threadId);
  assertVisible(threadId, history.archivedAtMs, includeArchived);
  return { threadId, items: history.items };
}
