import { join, resolve, sep } from 'node:path';
import { type SessionSource, sameSessionSource } from '@threadkit/protocol';
import {
  comparePositions,
  decodeRolloutListCursor,
  encodeRolloutListCursor,
  type RolloutListPosition,
  type RolloutSortKey,
  type SortDirection,
} from './cursor';
import { RolloutError } from './errors';
import { readRolloutHead } from './head';
import { archivedSessionsDir, checkHome, sessionsDir } from './home';
import type { ThreadFileMetadata } from './metadata';
import {
  compareByNameTime,
  listRolloutFiles,
  numericSubdirs,
  type RolloutFileEntry,
  rolloutFilesIn,
  statRolloutFiles,
} from './rollout-files';

/** Head reads per call before a listing stops and hands back a cursor (Codex scans at most 10,000). */
export const DEFAULT_MAX_FILES_SCANNED = 10_000;
export const DEFAULT_PAGE_SIZE = 25;
const HEAD_READ_CONCURRENCY = 16;

export interface ListRolloutsOptions {
  /** List `archived_sessions/` instead of `sessions/`. Default false. */
  archived?: boolean;
  /** `created_at` (file-name time, the default) or `updated_at` (file mtime). */
  sortKey?: RolloutSortKey;
  /** Default `desc` (newest first). */
  sortDirection?: SortDirection;
  /** 1 to 10,000; default 25. */
  pageSize?: number;
  /** From a previous page's `nextCursor` (same sort key). */
  cursor?: string;
  /** Keep threads whose `source` equals one of these. Undefined or empty: every source. */
  sources?: readonly SessionSource[];
  /**
   * Keep threads whose provider is one of these; a thread that names no
   * provider counts as `defaultModelProvider`. Undefined or empty: every provider.
   */
  modelProviders?: readonly string[];
  defaultModelProvider?: string;
  /** Keep threads whose cwd equals one of these (normalized). Undefined: any cwd; empty: none. */
  cwds?: readonly string[];
  /** Head reads allowed in this call (default 10,000); past it the page ends with a cursor. */
  maxFilesScanned?: number;
}

/** One listed thread: what its head says, plus where and how big its file is. */
export interface ListedRollout extends ThreadFileMetadata {
  /** The logical path (plain `.jsonl`). */
  path: string;
  /** The file that exists (plain, or `.jsonl.zst`). */
  actualPath: string;
  rolloutId: string;
  archived: boolean;
  /** The file's modification time (Codex's `updated_at`). */
  updatedAt: Date;
  mtimeMs: number;
  fileSize: number;
  /** The local wall-clock time in the file name, `YYYY-MM-DDThh-mm-ss`. */
  nameTimestamp: string;
  /** Defined here: listings only return threads that have one. */
  preview: string;
}

export interface RolloutPage {
  items: ListedRollout[];
  /** Undefined when the listing is complete. */
  nextCursor: string | undefined;
  /** Files whose heads were read in this call. */
  filesScanned: number;
  /** True when the page ended because `maxFilesScanned` was reached. */
  reachedScanCap: boolean;
}

interface Candidate extends RolloutFileEntry {
  archived: boolean;
  sortValue: number;
}

function isAfter(candidate: Candidate, position: RolloutListPosition | undefined, direction: SortDirection): boolean {
  if (!position) return true;
  const order = comparePositions(candidate.sortValue, candidate.rolloutId, position.value, position.rolloutId);
  return direction === 'desc' ? order < 0 : order > 0;
}

/** Compares folder numbers against the cursor's so whole folders before it are skipped. */
function folderIsBefore(folder: number, cursorFolder: number | undefined, direction: SortDirection): boolean {
  if (cursorFolder === undefined) return false;
  return direction === 'desc' ? folder > cursorFolder : folder < cursorFolder;
}

/** Active files in file-name order, walking year/month/day folders lazily. */
async function* activeByName(home: string, direction: SortDirection, after: RolloutListPosition | undefined): AsyncGenerator<Candidate> {
  const root = sessionsDir(home);
  const at = after ? new Date(after.value) : undefined;
  const cursorDate = at ? [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()] : undefined;
  for (const year of await numericSubdirs(root, direction)) {
    if (folderIsBefore(Number(year), cursorDate?.[0], direction)) continue;
    const sameYear = cursorDate?.[0] === Number(year);
    for (const month of await numericSubdirs(join(root, year), direction)) {
      if (sameYear && folderIsBefore(Number(month), cursorDate?.[1], direction)) continue;
      const sameMonth = sameYear && cursorDate?.[1] === Number(month);
      for (const day of await numericSubdirs(join(root, year, month), direction)) {
        if (sameMonth && folderIsBefore(Number(day), cursorDate?.[2], direction)) continue;
        const files = await rolloutFilesIn(join(root, year, month, day));
        files.sort((a, b) => (direction === 'desc' ? compareByNameTime(b, a) : compareByNameTime(a, b)));
        for (const file of files) {
          const candidate: Candidate = { ...file, archived: false, sortValue: file.timestampMs };
          if (isAfter(candidate, after, direction)) yield candidate;
        }
      }
    }
  }
}

/** Candidates in name order: archived files are one flat folder; active ones are walked lazily. */
async function* byName(home: string, archived: boolean, direction: SortDirection, after: RolloutListPosition | undefined): AsyncGenerator<Candidate> {
  if (!archived) {
    yield* activeByName(home, direction, after);
    return;
  }
  const files = await rolloutFilesIn(archivedSessionsDir(home));
  files.sort((a, b) => (direction === 'desc' ? compareByNameTime(b, a) : compareByNameTime(a, b)));
  for (const file of files) {
    const candidate: Candidate = { ...file, archived: true, sortValue: file.timestampMs };
    if (isAfter(candidate, after, direction)) yield candidate;
  }
}

/** Candidates in mtime order: every file must be stat-ed before the first can be known. */
async function* byMtime(home: string, archived: boolean, direction: SortDirection, after: RolloutListPosition | undefined): AsyncGenerator<Candidate> {
  const stated = await statRolloutFiles(await listRolloutFiles(home, archived));
  const candidates: Candidate[] = stated.map((file) => ({ ...file, archived, sortValue: file.stat.mtimeMs }));
  candidates.sort((a, b) => {
    const order = comparePositions(a.sortValue, a.rolloutId, b.sortValue, b.rolloutId);
    return direction === 'desc' ? -order : order;
  });
  for (const candidate of candidates) if (isAfter(candidate, after, direction)) yield candidate;
}

function normalizeCwd(path: string): string {
  const resolved = resolve(path);
  return resolved.length > 1 && resolved.endsWith(sep) ? resolved.slice(0, -1) : resolved;
}

interface Filters {
  matches(metadata: ThreadFileMetadata): boolean;
}

function buildFilters(options: ListRolloutsOptions): Filters {
  const sources = options.sources && options.sources.length > 0 ? options.sources : undefined;
  const providers = options.modelProviders && options.modelProviders.length > 0 ? new Set(options.modelProviders) : undefined;
  const cwds = options.cwds ? new Set(options.cwds.map(normalizeCwd)) : undefined;
  return {
    matches(metadata) {
      if (sources && !sources.some((source) => sameSessionSource(metadata.source, source))) return false;
      if (providers) {
        const provider = metadata.modelProvider ?? options.defaultModelProvider;
        if (provider === undefined || !providers.has(provider)) return false;
      }
      if (cwds && (metadata.cwd === undefined || !cwds.has(normalizeCwd(metadata.cwd)))) return false;
      return true;
    },
  };
}

function checkOptions(options: ListRolloutsOptions): void {
  const { pageSize, maxFilesScanned, sortKey, sortDirection } = options;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 10_000)) {
    throw new RolloutError('invalid_request', 'pageSize must be an integer from 1 to 10000');
  }
  if (maxFilesScanned !== undefined && !(Number.isInteger(maxFilesScanned) && maxFilesScanned >= 1)) {
    throw new RolloutError('invalid_request', 'maxFilesScanned must be a positive integer');
  }
  if (sortKey !== undefined && sortKey !== 'created_at' && sortKey !== 'updated_at') {
    throw new RolloutError('invalid_request', 'sortKey must be created_at or updated_at');
  }
  if (sortDirection !== undefined && sortDirection !== 'asc' && sortDirection !== 'desc') {
    throw new RolloutError('invalid_request', 'sortDirection must be asc or desc');
  }
  for (const [field, list] of [
    ['sources', options.sources],
    ['modelProviders', options.modelProviders],
    ['cwds', options.cwds],
  ] as const) {
    if (list !== undefined && !Array.isArray(list)) throw new RolloutError('invalid_request', `${field} must be an array`);
  }
  if (options.cwds?.some((cwd) => typeof cwd !== 'string')) throw new RolloutError('invalid_request', 'cwds must be strings');
  if (options.modelProviders?.some((p) => typeof p !== 'string')) {
    throw new RolloutError('invalid_request', 'modelProviders must be strings');
  }
}

async function readCandidateHead(candidate: Candidate): Promise<ThreadFileMetadata | undefined> {
  try {
    const head = await readRolloutHead(candidate.actualPath, { threadId: candidate.threadId });
    return head.listable ? head.metadata : undefined;
  } catch {
    // A file that vanished or cannot be read is left out of the listing rather than failing it.
    return undefined;
  }
}

/**
 * Lists threads by scanning rollout files, without any index: newest (or
 * oldest) first by file-name time or mtime, reading only each file's head.
 * A file is listed when its head has the thread's session_meta and a preview.
 * Pages never skip or repeat a thread, even when timestamps tie: the cursor
 * holds the last (sort value, rollout id) passed.
 */
export async function listRollouts(home: string, options: ListRolloutsOptions = {}): Promise<RolloutPage> {
  const root = checkHome(home);
  checkOptions(options);
  const sortKey = options.sortKey ?? 'created_at';
  const direction = options.sortDirection ?? 'desc';
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxScanned = options.maxFilesScanned ?? DEFAULT_MAX_FILES_SCANNED;
  const after = options.cursor === undefined ? undefined : decodeRolloutListCursor(options.cursor, sortKey);
  const archived = options.archived ?? false;
  const filters = buildFilters(options);
  if (options.cwds && options.cwds.length === 0) return { items: [], nextCursor: undefined, filesScanned: 0, reachedScanCap: false };

  const candidates =
    sortKey === 'created_at' ? byName(root, archived, direction, after) : byMtime(root, archived, direction, after);
  const found: Array<{ candidate: Candidate; metadata: ThreadFileMetadata }> = [];
  let scanned = 0;
  let lastScanned: Candidate | undefined;
  let hasMore = false;
  let reachedScanCap = false;
  let exhausted = false;

  try {
    while (!hasMore && !exhausted) {
      if (scanned >= maxScanned) {
        reachedScanCap = true;
        break;
      }
      const want = Math.min(HEAD_READ_CONCURRENCY, pageSize + 1 - found.length, maxScanned - scanned);
      const batch: Candidate[] = [];
      while (batch.length < want) {
        const next = await candidates.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        batch.push(next.value);
      }
      const heads = await Promise.all(batch.map(readCandidateHead));
      for (let i = 0; i < batch.length; i++) {
        const candidate = batch[i]!;
        const metadata = heads[i];
        scanned++;
        lastScanned = candidate;
        if (!metadata || !filters.matches(metadata)) continue;
        if (found.length === pageSize) {
          hasMore = true;
          break;
        }
        found.push({ candidate, metadata });
      }
    }
    if (reachedScanCap && !hasMore) {
      // The cap may coincide with the end of the listing: only hand out a cursor if more files exist.
      const next = await candidates.next();
      if (next.done) reachedScanCap = false;
    }
  } finally {
    await candidates.return(undefined);
  }

  let nextCursor: string | undefined;
  if (hasMore) {
    const last = found[found.length - 1]!.candidate;
    nextCursor = encodeRolloutListCursor({ key: sortKey, value: last.sortValue, rolloutId: last.rolloutId });
  } else if (reachedScanCap && lastScanned) {
    nextCursor = encodeRolloutListCursor({ key: sortKey, value: lastScanned.sortValue, rolloutId: lastScanned.rolloutId });
  }

  const withStats = await statRolloutFiles(found.map(({ candidate }) => candidate));
  const statsByPath = new Map(withStats.map((entry) => [entry.actualPath, entry.stat]));
  const items: ListedRollout[] = [];
  for (const { candidate, metadata } of found) {
    const stats = statsByPath.get(candidate.actualPath);
    if (!stats) continue;
    items.push({
      ...metadata,
      preview: metadata.preview ?? '',
      path: candidate.path,
      actualPath: candidate.actualPath,
      rolloutId: candidate.rolloutId,
      archived: candidate.archived,
      updatedAt: new Date(stats.mtimeMs),
      mtimeMs: stats.mtimeMs,
      fileSize: stats.sizeBytes,
      nameTimestamp: candidate.timestamp,
    });
  }
  return { items, nextCursor, filesScanned: scanned, reachedScanCap };
}
