import { ThreadStoreError } from '@threadkit/thread-store';
import { errorCode, isConnectionLoss, storeErrorFromDriver } from '../connection/driver-errors';
import type { SqlExecutor } from '../connection/sql-runner';
import type { EncodedItem } from '../rows/history-lines';
import { SqlParams } from '../rows/sql-params';
import { insertThreadStatement } from '../rows/thread-row';
import type { StoreContext } from '../store-context';
import type { LiveWriter } from '../writers/live-writer';

// Rows per INSERT: keeps each statement's parameters and size moderate on long imports and big batches.
const ROWS_PER_STATEMENT = 1000;

const sameLines = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((line, i) => line === b[i]);

/** Inserts items from `fromSeq` on, in statements of at most ROWS_PER_STATEMENT rows. */
export async function insertItems(
  tx: SqlExecutor,
  itemsTable: string,
  threadId: string,
  fromSeq: number,
  items: readonly EncodedItem[],
): Promise<void> {
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) {
    const chunk = items.slice(start, start + ROWS_PER_STATEMENT);
    await tx.query(
      `INSERT INTO ${itemsTable} (thread_id, seq, line, content_text)
       SELECT $1::uuid, $2::bigint + rows.position - 1, rows.line, rows.content_text
         FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS rows(line, content_text, position)`,
      [threadId, fromSeq + start, chunk.map((item) => item.line), chunk.map((item) => item.contentText)],
    );
  }
}

/**
 * One attempt in one transaction: insert the pending thread, check what sits
 * at `nextSeq` onwards (nothing, or a tail a failed write may have left),
 * then insert the batch, unless an earlier attempt of this very batch turns
 * out to have committed.
 */
async function writeBatch(
  ctx: StoreContext,
  tx: SqlExecutor,
  writer: LiveWriter,
  lines: readonly string[],
  items: readonly EncodedItem[],
): Promise<void> {
  const { threads, items: itemsTable } = ctx.names;
  const fromSeq = writer.nextSeq;
  if (writer.pending) {
    // Only a row an unanswered insert of ours may have left is taken as ours; otherwise a row is a conflict.
    const onConflict = writer.materializationUncertain ? ' ON CONFLICT (thread_id) DO NOTHING' : '';
    const params = new SqlParams();
    await tx.query(insertThreadStatement(threads, writer.pending.fields, params) + onConflict, params.values);
    await tx.query(
      `INSERT INTO ${itemsTable} (thread_id, seq, line, content_text) VALUES ($1, 0, $2, $3)${onConflict ? ' ON CONFLICT (thread_id, seq) DO NOTHING' : ''}`,
      [writer.threadId, writer.pending.sessionMeta.line, writer.pending.sessionMeta.contentText],
    );
  }
  const tail = await tx.query<{ line: string }>(
    `SELECT line FROM ${itemsTable} WHERE thread_id = $1 AND seq >= $2 ORDER BY seq`,
    [writer.threadId, fromSeq],
  );
  if (tail.length > 0) {
    const tailLines = tail.map((row) => row.line);
    const known = writer.uncertainTails.find((candidate) => sameLines(candidate, tailLines));
    if (!known) {
      throw ThreadStoreError.conflict(
        `thread ${writer.threadId} has items this writer did not write (after item ${fromSeq - 1}); another writer took it over`,
        { threadId: writer.threadId },
      );
    }
    if (lines.length > 0 && sameLines(known, lines)) return;
    // A failed write's items were never acknowledged: they go, so a retried append cannot duplicate them.
    await tx.query(`DELETE FROM ${itemsTable} WHERE thread_id = $1 AND seq >= $2`, [writer.threadId, fromSeq]);
  }
  await insertItems(tx, itemsTable, writer.threadId, fromSeq, items);
}

function writeError(error: unknown, ctx: StoreContext, writer: LiveWriter): ThreadStoreError {
  const code = errorCode(error);
  if (code === '23503') {
    return ThreadStoreError.threadNotFound(writer.threadId, 'it was deleted while this writer was open');
  }
  if (code === '23505') {
    return ThreadStoreError.conflict(`thread ${writer.threadId} already exists`, { threadId: writer.threadId });
  }
  return storeErrorFromDriver(error, { operation: 'appendItems', threadId: writer.threadId, where: ctx.runner.description });
}

/**
 * The store's write path: writes a batch of encoded items after the
 * writer's last acknowledged item, inserting the thread first when it is
 * still pending. A write whose connection drops is retried once; the retry
 * recognises a first attempt that committed, so nothing is written twice.
 * If the outcome stays unknown the write fails with `internal` and the
 * writer remembers the lines: the next write removes them if they landed,
 * so a failed append never leaves items behind and can be retried as is.
 */
export async function writeHistory(ctx: StoreContext, writer: LiveWriter, items: EncodedItem[]): Promise<void> {
  if (!(await ctx.locks.confirm(writer.threadId))) {
    throw ThreadStoreError.conflict(
      `thread ${writer.threadId}: this writer lost its lock and another store instance now holds it`,
      { threadId: writer.threadId },
    );
  }
  const lines = items.map((item) => item.line);
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.runner.transaction((tx) => writeBatch(ctx, tx, writer, lines, items));
    } catch (error) {
      if (!isConnectionLoss(error)) throw writeError(error, ctx, writer);
      // Unknown outcome: this batch may sit at nextSeq now, and the pending thread may exist.
      if (lines.length > 0 && !writer.uncertainTails.some((tail) => sameLines(tail, lines))) {
        writer.uncertainTails.push(lines);
      }
      if (writer.pending) writer.materializationUncertain = true;
      if (attempt >= 2) throw writeError(error, ctx, writer);
      continue;
    }
    // Written now or found written by the lost attempt: either way the batch is there, once.
    writer.nextSeq += items.length;
    writer.pending = null;
    writer.materializationUncertain = false;
    writer.uncertainTails = [];
    return;
  }
}
