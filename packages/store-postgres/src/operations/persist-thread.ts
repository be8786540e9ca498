import { parseThreadId } from '@threadkit/thread-store';
import type { StoreContext } from '../store-context';
import { ownLiveWriter } from '../writers/open-writer';

/** Materializes a created thread (row and session_meta) after every queued append. */
export async function persistThread(ctx: StoreContext, threadId: string): Promise<void> {
  const id = parseThreadId('persistThread', threadId);
  await ownLiveWriter(ctx, 'persistThread', id).materialize();
}
