import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, normalize, sep } from 'node:path';
import { parseRolloutFileName } from '@threadkit/rollout';

/** Size and modification time of a rollout file, as the index records them. */
export interface FileStat {
  sizeBytes: number;
  mtimeMs: number;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Stat of a regular file, or undefined when it does not exist. Other OS errors are thrown. */
export async function statFile(path: string): Promise<FileStat | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    return { sizeBytes: info.size, mtimeMs: Math.floor(info.mtimeMs) };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The plain `.jsonl` path of a possibly compressed rollout path. */
export function logicalRolloutPath(path: string): string {
  return path.endsWith('.zst') ? path.slice(0, -'.zst'.length) : path;
}

/**
 * The file that exists for a logical rollout path (the plain file, else its
 * `.zst` sibling) with its stat, or undefined. Unlike rollout's readers it
 * does not wait for a compression pass: a missing file is just missing.
 */
export async function existingRolloutFile(path: string): Promise<{ actualPath: string; stat: FileStat } | undefined> {
  const logical = logicalRolloutPath(path);
  for (const candidate of [logical, `${logical}.zst`]) {
    const found = await statFile(candidate);
    if (found) return { actualPath: candidate, stat: found };
  }
  return undefined;
}

/** True when the rollout's file name carries this thread id. */
export function rolloutNameMatches(path: string, threadId: string): boolean {
  return parseRolloutFileName(basename(path))?.threadId === threadId;
}

/** True when `path` sits directly in `archivedDir` (the archive is flat). */
export function isArchivedPath(path: string, archivedDir: string): boolean {
  return dirname(path) === archivedDir;
}

/**
 * The form a working directory is compared in: absolute paths normalized
 * without a trailing separator; anything else kept as written. Rows and list
 * filters both go through it, so `/work/x/` finds threads of `/work/x`.
 */
export function normalizeCwd(cwd: string): string {
  if (!isAbsolute(cwd)) return cwd;
  const normalized = normalize(cwd);
  return normalized.length > 1 && normalized.endsWith(sep) ? normalized.slice(0, -1) : normalized;
}
