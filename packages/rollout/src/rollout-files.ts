import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFsError, hasErrno } from './errors';
import { parseRolloutFileName, type RolloutFileName } from './file-name';

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
    const plainName = parsed.compressed ? entry.name.slice(0, -4) : entry.name;
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
