import type { StoreContext } from '../store-context';
import type { LiveWriter } from './live-writer';

/**
 * Removes a pending thread whose row an unanswered insert may have created.
 * Nothing of it was ever acknowledged, so it must leave nothing behind, like
 * any created thread that is shut down or discarded before history exists.
 */
export async function removeUnacknowledgedThread(ctx: StoreContext, writer: LiveWriter): Promise<void> {
  if (!writer.pending || !writer.materializationUncertain) return;
  await ctx.runner.query(`DELETE FROM ${ctx.names.threads} WHERE thread_id = $1`, [writer.threadId]);
  writer.materializationUncertain = false;
  writer.uncertainTails = [];
}

/** Forgets this instance's writer and gives its lock up. */
export async function releaseLiveWriter(ctx: StoreContext, writer: LiveWriter): Promise<void> {
  if (ctx.writers.get(writer.threadId) === writer) ctx.writers.delete(writer.threadId);
  await ctx.locks.release(writer.threadId);
}
