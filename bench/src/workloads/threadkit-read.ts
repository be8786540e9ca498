import { LocalThreadStore } from '@threadkit/thread-store';
import { memoryBaseline, peakRssBytes, retainedBytes } from '../measure/memory';
import { timeOnce } from '../measure/timing';

/** Loads a whole (large) thread's history through LocalThreadStore.loadHistory, with its memory cost. */
export async function run(args: { home: string; threadId: string }) {
  const store = await LocalThreadStore.open({ home: args.home, index: 'none' });
  const baseline = memoryBaseline();
  const { ms, value: history } = await timeOnce(() => store.loadHistory({ threadId: args.threadId }));
  const retained = retainedBytes(baseline);
  const peakGrowthBytes = peakRssBytes() - baseline.rssBytes;
  const items = history.items.length;
  await store.close();
  return { ms, items, retainedBytes: retained, peakGrowthBytes };
}
