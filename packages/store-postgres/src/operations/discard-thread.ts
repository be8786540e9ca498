import { parseThreadId } from '@threadkit/thread-store';
import type { StoreContext } from '../store-context';
import { releaseLiveWriter, removeUnacknowledgedThread } from '../writers/release-writer';
import { writeHistory } from './write-history';

/**
 * Releases this instance's writer without writing anything new: appends
 * still queued fail, durable history stays, a never-materialized thread
 * leaves nothing. Idempotent, and it always releases, even when the
 * database cannot be reached (settling a failed write is best effort).
 */
export async function discardThread(ctx: StoreContext, threadId: string): Promise<void> {
  const id = parseThreadId('discardThread', threadId);
  const writer = ctx.writers.get(id);
  if (!writer || writer.closing) return;
  writer.closing = true;
  writer.closed = true;
  await writer.run(async () => {
    try {
      if (writer.pending === null && writer.hasUnsettledState) await writeHistory(ctx, writer, []);
      else await removeUnacknowledgedThread(ctx, writer);
    } catch {
      // Best effort: a failed write that did land stays; the writer is released regardless.
    }
  });
  await releaseLiveWriter(ctx, writer);
}
