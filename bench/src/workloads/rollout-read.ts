import { readRolloutFile } from '@threadkit/rollout';
import { memoryBaseline, peakRssBytes, retainedBytes } from '../measure/memory';
import { timeOnce } from '../measure/timing';

/** The rollout package's whole-file reader on its own (what the store's read is built on). */
export async function run(args: { path: string }) {
  const baseline = memoryBaseline();
  const { ms, value: file } = await timeOnce(() => readRolloutFile(args.path));
  const retained = retainedBytes(baseline);
  return { ms, items: file.lines.length, retainedBytes: retained, peakGrowthBytes: peakRssBytes() - baseline.rssBytes };
}
