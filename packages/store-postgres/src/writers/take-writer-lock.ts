import { ThreadStoreError } from '@threadkit/thread-store';
import { storeErrorFromDriver } from '../connection/driver-errors';
import type { StoreContext } from '../store-context';

/**
 * Takes a thread's cross-process writer lock for `operation`. Another
 * instance holding it is a `conflict` whose message ends with `heldElsewhere`
 * (what that means for the operation); a driver failure is mapped like every
 * other database error.
 */
export async function takeWriterLock(
  ctx: StoreContext,
  operation: string,
  threadId: string,
  heldElsewhere: string,
): Promise<void> {
  let acquired: boolean;
  try {
    acquired = await ctx.locks.tryAcquire(threadId);
  } catch (error) {
    throw storeErrorFromDriver(error, { operation, threadId, where: ctx.runner.description });
  }
  if (!acquired) throw ThreadStoreError.conflict(`thread ${threadId} ${heldElsewhere}`, { threadId });
}
