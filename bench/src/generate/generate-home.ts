import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TextPool, threadName } from './filler-text';
import { planThreads } from './plan-threads';
import { type RenderContext, renderContext, renderRollout, type ThreadPlan } from './render-rollout';
import { SeededRandom } from './seeded-random';

/** Bump whenever the bytes generated for a seed change, so cached homes are rebuilt. */
export const GENERATOR_VERSION = 1;

/** Newest threads start just before this instant (close to the fixtures' own dates). */
const END_MS = Date.parse('2026-11-20T18:00:00Z');

export interface GenerateHomeOptions {
  threads: number;
  seed?: string;
  /** Average rollout size in bytes. Default 40,000 (10,000 threads ≈ 400 MB). */
  averageBytes?: number;
  days?: number;
  /** Share of threads moved to archived_sessions. Default 0.02. */
  archivedShare?: number;
  /** Share of threads with a name in session_index.jsonl. Default 0.05. */
  namedShare?: number;
}

export interface GeneratedHome {
  /** The CODEX_HOME. */
  home: string;
  seed: string;
  threads: number;
  activeThreads: number;
  archivedThreads: number;
  namedThreads: number;
  paginatedThreads: number;
  bytes: number;
  largestBytes: number;
  oldest: string;
  newest: string;
  generatorVersion: number;
}

export interface GeneratedLargeRollout {
  home: string;
  path: string;
  threadId: string;
  bytes: number;
  lines: number;
  turns: number;
  generatorVersion: number;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`, in UTC (what Codex writes on a UTC machine). */
export function rolloutRelativePath(plan: Pick<ThreadPlan, 'threadId' | 'createdAtMs'>, archived: boolean): string {
  const d = new Date(plan.createdAtMs);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const name = `rollout-${day}T${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}-${plan.threadId}.jsonl`;
  if (archived) return join('archived_sessions', name);
  return join('sessions', String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), name);
}

function readManifest<T extends { generatorVersion: number }>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as T;
    return manifest.generatorVersion === GENERATOR_VERSION ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds (or reuses, when an identical one is cached under `root`) a
 * Codex home of `threads` rollouts. The home is complete only once its
 * manifest exists, so an interrupted run is rebuilt rather than reused.
 */
export function generateHome(root: string, options: GenerateHomeOptions): GeneratedHome {
  const seed = options.seed ?? 'threadkit-bench';
  const averageBytes = options.averageBytes ?? 40_000;
  const key = `home-n${options.threads}-avg${averageBytes}-s${seed}-v${GENERATOR_VERSION}`;
  const dir = join(root, key);
  const manifestPath = join(dir, 'manifest.json');
  const cached = readManifest<GeneratedHome>(manifestPath);
  if (cached) return { ...cached, home: join(dir, 'home') };

  rmSync(dir, { recursive: true, force: true });
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const home = join(building, 'home');
  mkdirSync(join(home, 'sessions'), { recursive: true });
  mkdirSync(join(home, 'archived_sessions'), { recursive: true });

  const random = new SeededRandom(seed);
  const plans = planThreads(random.fork('plans'), {
    threads: options.threads,
    endMs: END_MS,
    days: options.days ?? 180,
    averageBytes,
  });
  const content = random.fork('content');
  const choices = random.fork('choices');
  const context = renderContext(content, new TextPool(content));
  const madeDirs = new Set<string>();
  const nameEntries: string[] = [];
  const summary = { bytes: 0, largestBytes: 0, archived: 0, named: 0, paginated: 0 };
  for (const plan of plans) {
    const archived = choices.chance(options.archivedShare ?? 0.02);
    const named = choices.chance(options.namedShare ?? 0.05);
    const relative = rolloutRelativePath(plan, archived);
    const lines: string[] = [];
    const rendered = renderRollout(plan, content, context, (line) => lines.push(line));
    const path = join(home, relative);
    const parent = join(path, '..');
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    const mtime = new Date(rendered.lastTimestampMs);
    utimesSync(path, mtime, mtime);
    if (named) {
      const renamedAt = rendered.lastTimestampMs + choices.int(1_000, 600_000);
      nameEntries.push(JSON.stringify({ id: plan.threadId, thread_name: threadName(choices), updated_at: new Date(renamedAt).toISOString() }));
      // Some threads were renamed twice: the last entry wins.
      if (choices.chance(0.2)) {
        nameEntries.push(
          JSON.stringify({ id: plan.threadId, thread_name: threadName(choices), updated_at: new Date(renamedAt + 60_000).toISOString() }),
        );
      }
      summary.named++;
    }
    summary.bytes += rendered.bytes;
    summary.largestBytes = Math.max(summary.largestBytes, rendered.bytes);
    if (archived) summary.archived++;
    if (plan.era === 'paginated') summary.paginated++;
  }
  if (nameEntries.length > 0) writeFileSync(join(home, 'session_index.jsonl'), `${nameEntries.join('\n')}\n`);

  const manifest: Omit<GeneratedHome, 'home'> = {
    seed,
    threads: plans.length,
    activeThreads: plans.length - summary.archived,
    archivedThreads: summary.archived,
    namedThreads: summary.named,
    paginatedThreads: summary.paginated,
    bytes: summary.bytes,
    largestBytes: summary.largestBytes,
    oldest: plans[0]?.threadId ?? '',
    newest: plans[plans.length - 1]?.threadId ?? '',
    generatorVersion: GENERATOR_VERSION,
  };
  writeFileSync(join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(building, dir);
  return { ...manifest, home: join(dir, 'home') };
}

/** One long legacy-format thread of at least `bytes` bytes, alone in its own home. */
export function generateLargeRollout(root: string, options: { bytes: number; seed?: string }): GeneratedLargeRollout {
  const seed = options.seed ?? 'threadkit-bench-large';
  const dir = join(root, `large-${options.bytes}-s${seed}-v${GENERATOR_VERSION}`);
  const manifestPath = join(dir, 'manifest.json');
  const cached = readManifest<GeneratedLargeRollout>(manifestPath);
  if (cached) return { ...cached, home: join(dir, 'home'), path: join(dir, 'home', cached.path) };

  rmSync(dir, { recursive: true, force: true });
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const random = new SeededRandom(seed);
  const createdAtMs = Date.parse('2026-10-01T09:00:00Z');
  const content = random.fork('content');
  const context: RenderContext = renderContext(content, new TextPool(content));
  const [plan] = planThreads(random.fork('plan'), { threads: 1, endMs: createdAtMs + 3_600_000, days: 0, averageBytes: 40_000 });
  const large: ThreadPlan = { ...plan!, createdAtMs, era: 'legacy', targetBytes: options.bytes };
  const relative = rolloutRelativePath(large, false);
  const path = join(building, 'home', relative);
  mkdirSync(join(path, '..'), { recursive: true });

  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let buffered = 0;
  const rendered = renderRollout(large, content, context, (line) => {
    buffer.push(line);
    buffered += line.length;
    if (buffered > 4 << 20) {
      writeSync(fd, `${buffer.join('\n')}\n`);
      buffer = [];
      buffered = 0;
    }
  });
  if (buffer.length > 0) writeSync(fd, `${buffer.join('\n')}\n`);
  closeSync(fd);
  const mtime = new Date(rendered.lastTimestampMs);
  utimesSync(path, mtime, mtime);

  const manifest = {
    path: relative,
    threadId: large.threadId,
    bytes: rendered.bytes,
    lines: rendered.lines,
    turns: rendered.turns,
    generatorVersion: GENERATOR_VERSION,
  };
  writeFileSync(join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(building, dir);
  return { ...manifest, home: join(dir, 'home'), path: join(dir, 'home', relative) };
}
