import { type AppendThreadItemsParams, parseAppendThreadItemsParams, persistedRolloutItems } from '@threadkit/thread-store';
import { encodeHistoryItem } from '../rows/history-lines';
import type { StoreContext } from '../store-context';
import { ownLiveWriter } from '../writers/open-writer';

/**
 * Applies the persistence policy and appends what it keeps, after every
 * earlier append of this writer; resolves once the items are committed.
 * Raw history only: no metadata is touched.
 */
export async function appendItems(ctx: StoreContext, params: AppendThreadItemsParams): Promise<void> {
  const parsed = parseAppendThreadItemsParams(params);
  const writer = ownLiveWriter(ctx, 'appendItems', parsed.threadId);
  const kept = persistedRolloutItems(parsed.items);
  if (kept.length === 0) return;
  // Encoded now: the lines are a copy, so the caller may reuse its objects at once.
  const at = ctx.now();
  await writer.append(kept.map((item) => encodeHistoryItem(item, at)));
}
