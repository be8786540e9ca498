import type { ThreadPlan } from './render-rollout';
import type { SeededRandom } from './seeded-random';
import { uuidV7 } from './uuid-v7';

export interface HomePlanOptions {
  threads: number;
  /** The newest thread starts shortly before this instant. */
  endMs: number;
  /** Threads are spread over this many days before `endMs`. */
  days: number;
  /** Average rollout size in bytes. */
  averageBytes: number;
}

const DAY_MS = 86_400_000;

/** Fixed overhead of a thread (session_meta with base instructions, the first turn's context). */
const MIN_BYTES = 18_000;
/** What files add beyond their target on average: the last turn overshoots it (measured on generated homes). */
const AVERAGE_OVERSHOOT = 6_000;

/**
 * One plan per thread, oldest first: creation times spread over the days
 * (more on weekdays than on weekends), UUIDv7 ids from those times, a mix of
 * working directories, sources, providers and history eras, and sizes with a
 * long tail (log-normal) averaging `averageBytes`.
 */
export function planThreads(random: SeededRandom, options: HomePlanOptions): ThreadPlan[] {
  const startMs = options.endMs - options.days * DAY_MS;
  const cwds = Array.from({ length: 60 }, (_, i) => `/home/dev/src/${['api', 'web', 'infra', 'tools', 'mobile', 'data'][i % 6]}-${i}`);
  // Mean of the log-normal part = median * e^(sigma^2 / 2).
  const sigma = 1.1;
  const median = Math.max(1_000, options.averageBytes - MIN_BYTES - AVERAGE_OVERSHOOT) / Math.exp((sigma * sigma) / 2);
  const times: number[] = [];
  while (times.length < options.threads) {
    const at = startMs + random.next() * (options.endMs - startMs - 3_600_000);
    const weekday = new Date(at).getUTCDay();
    if ((weekday === 0 || weekday === 6) && random.chance(0.6)) continue;
    times.push(Math.floor(at));
  }
  times.sort((a, b) => a - b);
  return times.map((createdAtMs) => ({
    threadId: uuidV7(createdAtMs, random),
    createdAtMs,
    era: random.chance(0.15) ? 'paginated' : 'legacy',
    cwd: random.chance(0.7) ? cwds[random.int(0, 9)]! : random.pick(cwds),
    source: random.weighted([
      ['cli', 45],
      ['vscode', 35],
      ['exec', 15],
      ['mcp', 5],
    ] as const),
    modelProvider: random.weighted([
      ['openai', 80],
      ['azure', 8],
      ['ollama', 7],
      ['mock', 5],
    ] as const),
    model: random.pick(['gpt-5.1-codex', 'gpt-5.2-codex', 'gpt-5.1-codex-mini']),
    targetBytes: Math.min(3_000_000, Math.round(MIN_BYTES + random.logNormal(median, sigma))),
    git: random.chance(0.7) ? { commit_hash: random.hex(40), branch: random.pick(['main', 'master', 'feature/cache', 'fix/login']) } : undefined,
  }));
}
