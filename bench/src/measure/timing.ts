export interface RepeatedTiming {
  medianMs: number;
  minMs: number;
  p90Ms: number;
  runs: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(samples: number[]): RepeatedTiming {
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 0.5), minMs: sorted[0]!, p90Ms: percentile(sorted, 0.9), runs: sorted.length };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed. */
export async function timeRepeated(fn: () => unknown, options: { warmup: number; runs: number }): Promise<RepeatedTiming> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

export async function timeOnce<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
