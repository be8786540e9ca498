import { basename, sep } from 'node:path';
import {
  compareCanonicalRollouts,
  existingRolloutFile,
  parseRolloutFileName,
  type ScannedRolloutFile,
  scanRolloutFiles,
} from '@threadkit/rollout';
import type { IndexedThread, ThreadIndex } from '@threadkit/state';
import { indexInputFromSummary, refreshPatchFromSummary } from './index-rows';
import type { NameBook } from './name-book';
import { isArchivedPath } from './rollout-paths';
import { type RolloutSummary, summarizeRollout } from './rollout-summary';
import type { LocalStoreContext } from './store-context';

const SUMMARY_CONCURRENCY = 16;
/** Rows written per transaction: fewer, larger commits write fewer index pages; 500 rows take tens of ms. */
const BATCH_SIZE = 500;
/**
 * Files a scan found are read with blocking reads (see readRolloutHead):
 * the event loop gets a turn at least this often while a batch is read.
 */
const YIELD_AFTER_MS = 10;

/**
 * Brings one rollout into the index: a new row when the thread has none,
 * else the row refreshed from the file (re-pointed if the file moved, moved
 * between collections if it was archived or restored by another program).
 * A row built from the file is only ever inserted, never written over one
 * another instance created meanwhile; that row is refreshed instead.
 */
export function applySummary(index: ThreadIndex, summary: RolloutSummary, names: NameBook): IndexedThread | undefined {
  const threadId = summary.threadId;
  let row = index.getThread(threadId);
  if (!row) {
    const created = index.insertThreadIfAbsent(indexInputFromSummary(summary, names.explicitName(threadId) ?? null));
    if (created.inserted) return created.thread;
    row = created.thread;
  }
  return refreshFromSummary(index, row, summary);
}

/** Refreshes an existing row from its file: observed facts, place and collection. */
function refreshFromSummary(index: ThreadIndex, row: IndexedThread, summary: RolloutSummary): IndexedThread {
  const threadId = summary.threadId;
  let next = index.patchThread(threadId, refreshPatchFromSummary(row, summary)) ?? row;
  if (summary.archived && next.archivedAt === null) {
    next =
      index.markArchived(threadId, {
        rolloutPath: summary.path,
        archivedAt: summary.stat.mtimeMs,
        rolloutFile: summary.stat,
      }) ?? next;
  } else if (!summary.archived && next.archivedAt !== null) {
    next = index.markUnarchived(threadId, { rolloutPath: summary.path, rolloutFile: summary.stat }) ?? next;
  }
  return next;
}

/** Indexes one summarized rollout if the store has an index; failures fall back to the files. */
export function indexSummary(ctx: LocalStoreContext, summary: RolloutSummary): IndexedThread | undefined {
  try {
    return ctx.index?.use((index) => applySummary(index, summary, ctx.names));
  } catch (error) {
    ctx.onIndexError(error as Error);
    return undefined;
  }
}

/**
 * Runs `work` over `items` with at most `limit` running at once, keeping
 * result order, and lets the event loop run every YIELD_AFTER_MS.
 */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let lastYield = performance.now();
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      if (performance.now() - lastYield >= YIELD_AFTER_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(runners);
  return results;
}

/**
 * Stands in for the first session_meta of summaries read to index: rows never
 * need it (it is the base of metadata copies), and its payload, with base
 * instructions of 12 KB or more, kept alive for a whole batch, was copied by
 * every young-generation GC.
 */
const FIRST_SESSION_META_NOT_KEPT: Record<string, unknown> = Object.freeze({});

async function summarize(ctx: LocalStoreContext, file: ScannedRolloutFile): Promise<RolloutSummary | undefined> {
  try {
    const summary = await summarizeRollout(file.path, {
      archivedDir: ctx.archivedDir,
      threadId: file.threadId,
      actualPath: file.actualPath,
      compressed: file.compressed,
      stat: file.stat,
    });
    return summary && { ...summary, firstSessionMeta: FIRST_SESSION_META_NOT_KEPT };
  } catch (error) {
    // An unreadable file is left out of the index, as it is left out of file listings.
    ctx.onIndexError(error as Error);
    return undefined;
  }
}

/**
 * Writes a batch of summaries: new rows in one transaction, existing rows
 * refreshed one by one. New rows are inserted only where no row exists at
 * insert time: a row another instance created after the check keeps its
 * facts and is refreshed like the known ones.
 */
export function writeSummaries(
  index: ThreadIndex,
  summaries: readonly RolloutSummary[],
  names: NameBook,
  onError: (error: Error) => void,
): void {
  const fresh: RolloutSummary[] = [];
  const known: RolloutSummary[] = [];
  const seen = new Set<string>();
  for (const summary of summaries) {
    if (seen.has(summary.threadId)) continue;
    seen.add(summary.threadId);
    if (index.getThread(summary.threadId)) known.push(summary);
    else fresh.push(summary);
  }
  try {
    const inputs = fresh.map((summary) => indexInputFromSummary(summary, names.explicitName(summary.threadId) ?? null));
    const inserted = new Set<string>(index.insertThreadsIfAbsent(inputs));
    for (const summary of fresh) if (!inserted.has(summary.threadId)) known.push(summary);
  } catch {
    // One odd row must not keep the others out: write them one by one, which reports the odd one.
    known.push(...fresh);
  }
  for (const summary of known) {
    try {
      applySummary(index, summary, names);
    } catch (error) {
      onError(error as Error);
    }
  }
}

function writeBatch(ctx: LocalStoreContext, summaries: readonly RolloutSummary[]): void {
  ctx.index?.use((index) => writeSummaries(index, summaries, ctx.names, ctx.onIndexError));
}

async function indexFiles(ctx: LocalStoreContext, files: readonly ScannedRolloutFile[], rebuild: boolean): Promise<void> {
  const report = ctx.onIndexProgress;
  report?.({ phase: 'index', done: 0, total: files.length, rebuild });
  for (let start = 0; start < files.length; start += BATCH_SIZE) {
    const batch = files.slice(start, start + BATCH_SIZE);
    const summaries = await mapLimited(batch, SUMMARY_CONCURRENCY, (file) => summarize(ctx, file));
    writeBatch(
      ctx,
      summaries.filter((s): s is RolloutSummary => s !== undefined),
    );
    report?.({ phase: 'index', done: start + batch.length, total: files.length, rebuild });
  }
}

/** Puts the names of `session_index.jsonl` on the rows, so name search finds renames made by Codex. */
async function syncNames(ctx: LocalStoreContext): Promise<void> {
  await ctx.names.refresh();
  if (ctx.namesSyncedGeneration === ctx.names.generation) return;
  const synced = ctx.index?.use((index) => {
    for (const [threadId, name] of ctx.names.entries()) {
      const row = index.getThread(threadId);
      if (row && row.name !== name) index.patchThread(threadId, { name });
    }
    return true;
  });
  if (synced) ctx.namesSyncedGeneration = ctx.names.generation;
}

/** Compares every rollout of the home with the index and reads what is new or changed. */
async function fullScan(ctx: LocalStoreContext): Promise<void> {
  const handle = ctx.index;
  if (!handle) return;
  const rebuild = handle.rebuilding;
  const startedAt = Date.now();
  const files = await scanRolloutFiles(ctx.home);
  const canonical = new Map<string, ScannedRolloutFile>();
  for (const file of files) {
    const best = canonical.get(file.threadId);
    if (!best || compareCanonicalRollouts(file, best) < 0) canonical.set(file.threadId, file);
  }
  const diff = handle.use((index) =>
    index.diffRolloutFiles(
      files.map((f) => ({ path: f.path, sizeBytes: f.stat.sizeBytes, mtimeMs: f.stat.mtimeMs })),
      { within: [ctx.sessionsDir + sep, ctx.archivedDir + sep] },
    ),
  );
  if (!diff) return;
  ctx.onIndexProgress?.({ phase: 'scan', done: files.length, total: files.length, rebuild });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const toRead: ScannedRolloutFile[] = [];
  for (const entry of [...diff.added, ...diff.changed]) {
    const file = byPath.get(entry.path);
    if (file && canonical.get(file.threadId) === file) toRead.push(file);
  }
  await indexFiles(ctx, toRead, rebuild);

  for (const gone of diff.vanished) {
    const row = handle.use((index) => index.getThread(gone.threadId));
    if (!row || row.rolloutPath !== gone.rolloutPath) continue; // already re-pointed to the file's new place
    if (await existingRolloutFile(gone.rolloutPath)) continue; // came back meanwhile
    const moved = canonical.get(gone.threadId);
    if (moved) {
      const summary = await summarize(ctx, moved);
      if (summary) {
        indexSummary(ctx, summary);
        continue;
      }
    }
    handle.use((index) => index.deleteThread(gone.threadId));
  }
  handle.needsFullScan = false;
  handle.rebuilding = false;
  ctx.lastFullScanAt = startedAt;
}

/** Reads the rollouts this instance wrote or moved whose size or mtime differ from their row. */
async function touchedScan(ctx: LocalStoreContext): Promise<void> {
  const paths = [...ctx.touchedFiles];
  ctx.touchedFiles.clear();
  const toRead: ScannedRolloutFile[] = [];
  for (const path of paths) {
    const name = parseRolloutFileName(basename(path));
    const found = name ? await existingRolloutFile(path) : undefined;
    if (!name || !found) continue;
    const row = ctx.index?.use((index) => index.getThread(name.threadId));
    const same =
      row?.rolloutPath === path &&
      row.rolloutFile?.sizeBytes === found.stat.sizeBytes &&
      row.rolloutFile.mtimeMs === found.stat.mtimeMs;
    if (!same) {
      const { actualPath, compressed, stat } = found;
      const archived = isArchivedPath(path, ctx.archivedDir);
      toRead.push({ ...name, fileName: basename(path), path, actualPath, compressed, archived, stat });
    }
  }
  if (toRead.length === 0) return;
  const summaries = await mapLimited(toRead, SUMMARY_CONCURRENCY, (file) => summarize(ctx, file));
  writeBatch(
    ctx,
    summaries.filter((s): s is RolloutSummary => s !== undefined),
  );
}

const inFlight = new WeakMap<LocalStoreContext, Promise<void>>();

/**
 * Brings the index in step with the rollouts before a listing: every file is
 * compared by size and mtime when the index is new or the last full scan is
 * older than `reconcileIntervalMs`, otherwise only the files this instance
 * touched. New and changed files are read by head and tail, never whole.
 * Concurrent callers share one pass.
 */
export function reconcileIndex(ctx: LocalStoreContext): Promise<void> {
  const running = inFlight.get(ctx);
  if (running) return running;
  const pass = (async () => {
    const handle = ctx.index;
    if (!handle) return;
    handle.checkFileStillThere();
    if (!handle.available) return;
    await syncNames(ctx);
    const due =
      handle.needsFullScan ||
      ctx.lastFullScanAt === undefined ||
      Date.now() - ctx.lastFullScanAt >= ctx.reconcileIntervalMs;
    if (due) await fullScan(ctx);
    // Also after a full scan: a file written while it ran may have been compared before the write.
    await touchedScan(ctx);
  })().finally(() => inFlight.delete(ctx));
  inFlight.set(ctx, pass);
  return pass;
}
