/**
 * Memory figures of the current process. Workloads that report memory run
 * in a child process of their own (started with --expose-gc), so the peak
 * resident size belongs to that workload alone.
 */
export interface MemoryBaseline {
  rssBytes: number;
  heapUsedBytes: number;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory figures need node --expose-gc');
  gc();
  gc();
}

export function memoryBaseline(): MemoryBaseline {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed + usage.arrayBuffers };
}

/** Peak resident set size of this process so far. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Heap still held (after a full collection) compared with the baseline: what the workload's result occupies. */
export function retainedBytes(baseline: MemoryBaseline): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers - baseline.heapUsedBytes;
}
