import { readFileSync } from 'node:fs';
import { memoryBaseline, peakRssBytes, retainedBytes } from '../measure/memory';
import { timeOnce } from '../measure/timing';

/** The floor for reading a rollout: the whole file as a string, split on newlines, JSON.parse per line, all kept. */
export async function run(args: { path: string }) {
  const baseline = memoryBaseline();
  const { ms, value: items } = await timeOnce(() => {
    const lines = readFileSync(args.path, 'utf8').split('\n');
    const parsed: unknown[] = [];
    for (const line of lines) if (line !== '') parsed.push(JSON.parse(line));
    return parsed;
  });
  const retained = retainedBytes(baseline);
  return {
    ms,
    items: items.length,
    retainedBytes: retained,
    peakGrowthBytes: peakRssBytes() - baseline.rssBytes,
    keep: items.length > 0,
  };
}
