import { parseThreadId } from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import type { StoreContext } from '../store-context';
import { ownLiveWriter } from '../writers/open-writer';
import { releaseLiveWriter, removeUnacknowledgedThread } from '../writers/release-writer';

/**
 * Drains the writer's queued appends, settles what a failed write left, and
 * releases the writer and its lock. A created thread without history leaves
 * nothing behind. If settling fails the writer stays open, so shutdown (or
 * discard) can be called again.
 */
export async function shutdownThread(ctx: StoreContext, threadId: string): Promise<void> {
  const id = parseThreadId('shutdownThread', threadId);
  const writer = ownLiveWriter(ctx, 'shutdownThread', id);
  writer.closing = true;
  try {
    await writer.settle();
    await withConnectionRetry(ctx.runner, { operation: 'shutdownThread', threadId: id }, () =>
      removeUnacknowledgedThread(ctx, writer),
    );
  } catch (error) {
    writer.closing = false;
    throw error;
  }
  await releaseLiveWriter(ctx, writer);
}
