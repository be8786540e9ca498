import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFsError, hasErrno } from './errors';
import { parseRolloutFileName, plainRolloutPath, type RolloutFileName } from './file-name';
import { archivedSessionsDir, sessionsDir } from './home';
import { type RolloutFileStat, statRolloutFileSync } from './resolve-file';

/** A rollout file found on disk. */
export interface RolloutFileEntry extends RolloutFileName {
  /** The logical path (plain `.jsonl`, even when only the `.zst` sibling exists). */
  path: string;
  /** The file that exists: the plain one when both do. */
  actualPath: string;
}

/** Directory entries, or none when the directory does not exist. */
export async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (hasErrno(err, 'ENOENT', 'ENOTDIR')) return [];
    throw fromFsError(err, `cannot list ${dir}`);
  }
}

/** Numeric folder names (years, months, days), sorted. Anything else is ignored. */
export async function numericSubdirs(dir: string, direction: 'asc' | 'desc'): Promise<string[]> {
  const names = (await listDir(dir)).filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => e.name);
  names.sort((a, b) => (direction === 'asc' ? Number(a) - Number(b) : Number(b) - Number(a)));
  return names;
}

/**
 * The rollout files directly in one folder, one entry per thread file: when
 * both `x.jsonl` and `x.jsonl.zst` exist the plain file wins. Non-rollout
 * names (sidecars, temp files) are ignored.
 */
export async function rolloutFilesIn(dir: string): Promise<RolloutFileEntry[]> {
  const byPlainName = new Map<string, RolloutFileEntry>();
  for (const entry of await listDir(dir)) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const parsed = parseRolloutFileName(entry.name);
    if (!parsed) continue;
    const plainName = plainRolloutPath(entry.name);
    const existing = byPlainName.get(plainName);
    if (existing && !existing.compressed) continue;
    byPlainName.set(plainName, {
      ...parsed,
      fileName: plainName,
      path: join(dir, plainName),
      actualPath: join(dir, entry.name),
    });
  }
  return [...byPlainName.values()];
}

/** Orders files by (name timestamp, rollout id). */
export function compareByNameTime(a: RolloutFileName, b: RolloutFileName): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  if (a.rolloutId !== b.rolloutId) return a.rolloutId < b.rolloutId ? -1 : 1;
  return 0;
}

/** A rollout file found by a scan, with the collection it is in and its size and mtime. */
export interface ScannedRolloutFile extends RolloutFileEntry {
  archived: boolean;
  stat: RolloutFileStat;
}

/** A scan gives the event loop a turn at least this often. */
const YIELD_AFTER_MS = 10;

/**
 * The rollout files of one collection: `archived_sessions/` (flat), or every
 * `sessions/YYYY/MM/DD/` folder, newest folder first. Reads directories only.
 */
export async function listRolloutFiles(home: string, archived: boolean): Promise<RolloutFileEntry[]> {
  if (archived) return rolloutFilesIn(archivedSessionsDir(home));
  const root = sessionsDir(home);
  const files: RolloutFileEntry[] = [];
  for (const year of await numericSubdirs(root, 'desc')) {
    for (const month of await numericSubdirs(join(root, year), 'desc')) {
      const monthDir = join(root, year, month);
      const days = await numericSubdirs(monthDir, 'desc');
      const perDay = await Promise.all(days.map((day) => rolloutFilesIn(join(monthDir, day))));
      for (const dayFiles of perDay) files.push(...dayFiles);
    }
  }
  return files;
}

/**
 * Stats files, leaving out those that vanished since their folder was read.
 * The stats block: from the inode cache one takes a few microseconds, a
 * tenth of an asynchronous stat's thread-pool round trip, and a scan makes
 * thousands; the event loop gets a turn every 10 ms.
 */
export async function statRolloutFiles<T extends { actualPath: string }>(
  files: readonly T[],
): Promise<Array<T & { stat: RolloutFileStat }>> {
  const out: Array<T & { stat: RolloutFileStat }> = [];
  let lastYield = performance.now();
  for (const file of files) {
    if (performance.now() - lastYield >= YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    const stat = statRolloutFileSync(file.actualPath);
    if (stat) out.push({ ...file, stat });
  }
  return out;
}

/**
 * Every rollout of a home, active and archived, with its size and mtime:
 * what a reconcile pass compares with an index. Reads directories and stats
 * files; opens none.
 */
export async function scanRolloutFiles(home: string): Promise<ScannedRolloutFile[]> {
  const active = (await listRolloutFiles(home, false)).map((file) => ({ ...file, archived: false }));
  const archived = (await listRolloutFiles(home, true)).map((file) => ({ ...file, archived: true }));
  return statRolloutFiles([...active, ...archived]);
}

/**
 * Orders the files of one thread by which one is the thread's rollout, as
 * Codex looks them up: active before archived, the thread's own file before
 * reverted copies (`<thread>_<rollout>` names), newest first.
 */
export function compareCanonicalRollouts(
  a: RolloutFileName & { archived?: boolean },
  b: RolloutFileName & { archived?: boolean },
): number {
  if (Boolean(a.archived) !== Boolean(b.archived)) return a.archived ? 1 : -1;
  const aOwn = a.rolloutId === a.threadId;
  const bOwn = b.rolloutId === b.threadId;
  if (aOwn !== bOwn) return aOwn ? -1 : 1;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? 1 : -1;
  return 0;
}
