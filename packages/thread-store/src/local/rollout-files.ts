import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRolloutFileName, type RolloutFileName } from '@threadkit/rollout';
import { type FileStat, statFile } from './rollout-paths';

/** A rollout file found by a directory scan. */
export interface ScannedRollout extends RolloutFileName {
  /** The logical `.jsonl` path. */
  path: string;
  /** The file that exists (the plain one when both do). */
  actualPath: string;
  archived: boolean;
  stat: FileStat;
}

const STAT_CONCURRENCY = 64;

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

async function numericDirs(dir: string): Promise<string[]> {
  return (await entriesOf(dir)).filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => e.name);
}

/** Rollout files directly in `dir`, one per logical path (the plain file wins over its `.zst` sibling). */
async function rolloutsIn(dir: string, archived: boolean): Promise<Omit<ScannedRollout, 'stat'>[]> {
  const byPlainName = new Map<string, Omit<ScannedRollout, 'stat'>>();
  for (const entry of await entriesOf(dir)) {
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const parsed = parseRolloutFileName(entry.name);
    if (!parsed) continue;
    const plainName = parsed.compressed ? entry.name.slice(0, -'.zst'.length) : entry.name;
    const existing = byPlainName.get(plainName);
    if (existing && !existing.compressed) continue;
    byPlainName.set(plainName, {
      ...parsed,
      fileName: plainName,
      path: join(dir, plainName),
      actualPath: join(dir, entry.name),
      archived,
    });
  }
  return [...byPlainName.values()];
}

/**
 * Every rollout of a home, active (`sessions/YYYY/MM/DD/`) and archived,
 * with its size and mtime. Reads directories and stats files; opens none.
 */
export async function scanRolloutFiles(sessionsDir: string, archivedDir: string): Promise<ScannedRollout[]> {
  const found: Omit<ScannedRollout, 'stat'>[] = [];
  for (const year of await numericDirs(sessionsDir)) {
    for (const month of await numericDirs(join(sessionsDir, year))) {
      const monthDir = join(sessionsDir, year, month);
      const days = await numericDirs(monthDir);
      const perDay = await Promise.all(days.map((day) => rolloutsIn(join(monthDir, day), false)));
      for (const files of perDay) found.push(...files);
    }
  }
  found.push(...(await rolloutsIn(archivedDir, true)));
  const scanned: ScannedRollout[] = [];
  for (let start = 0; start < found.length; start += STAT_CONCURRENCY) {
    const slice = found.slice(start, start + STAT_CONCURRENCY);
    const stats = await Promise.all(slice.map((file) => statFile(file.actualPath)));
    slice.forEach((file, i) => {
      const stat = stats[i];
      // A file that vanished since the directory was read is simply not there.
      if (stat) scanned.push({ ...file, stat });
    });
  }
  return scanned;
}

/**
 * Orders the files of one thread by which one is the thread's rollout, as
 * Codex looks them up: active before archived, the thread's own file before
 * reverted copies (`<thread>_<rollout>` names), newest first.
 */
export function compareCanonical(a: ScannedRollout, b: ScannedRollout): number {
  if (a.archived !== b.archived) return a.archived ? 1 : -1;
  const aOwn = a.rolloutId === a.threadId;
  const bOwn = b.rolloutId === b.threadId;
  if (aOwn !== bOwn) return aOwn ? -1 : 1;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? 1 : -1;
  return 0;
}
