import { parseThreadId } from '@threadkit/thread-store';
import type { StoreContext } from '../store-context';
import { ownLiveWriter } from '../writers/open-writer';

/**
 * Returns once every queued append is committed (appends are durable when
 * they resolve, so this waits for the queue) and what a failed write left
 * is settled. A created thread without history stays unmaterialized.
 */
export async function flushThread(ctx: StoreContext, threadId: string): Promise<void> {
  const id = parseThreadId('flushThread', threadId);
  await ownLiveWriter(ctx, 'flushThread', id).settle();
}
