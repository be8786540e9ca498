import { type Stats, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fromFsError, hasErrno, RolloutError } from './errors';
import { plainRolloutPath } from './file-name';

/** Size and modification time of a rollout file (mtime in whole milliseconds, as indexes record it). */
export interface RolloutFileStat {
  sizeBytes: number;
  mtimeMs: number;
}

/** The file actually read for a logical rollout path. */
export interface ResolvedRolloutFile {
  /** The plain `.jsonl` path (the logical path everywhere, even when only `.zst` exists). */
  logicalPath: string;
  /** The path that exists: the plain file when both exist, else the `.zst` sibling. */
  actualPath: string;
  compressed: boolean;
}

/** A resolved rollout file with its size and mtime. */
export interface ExistingRolloutFile extends ResolvedRolloutFile {
  stat: RolloutFileStat;
}

function fileStat(info: Stats): RolloutFileStat | undefined {
  return info.isFile() ? { sizeBytes: info.size, mtimeMs: Math.floor(info.mtimeMs) } : undefined;
}

function missingOrIo(err: unknown, path: string): undefined {
  if (hasErrno(err, 'ENOENT', 'ENOTDIR')) return undefined;
  throw fromFsError(err, `cannot open ${path}`);
}

/** Stat of a regular file, or undefined when there is none at `path`. Other OS errors are `io`. */
export async function statRolloutFile(path: string): Promise<RolloutFileStat | undefined> {
  try {
    return fileStat(await stat(path));
  } catch (err) {
    return missingOrIo(err, path);
  }
}

/** {@link statRolloutFile} with a blocking call, for scans that stat thousands of files and pace themselves. */
export function statRolloutFileSync(path: string): RolloutFileStat | undefined {
  try {
    return fileStat(statSync(path));
  } catch (err) {
    return missingOrIo(err, path);
  }
}

/**
 * The file that exists for a rollout path (the plain file, else its `.zst`
 * sibling) with its stat, or undefined when neither does.
 *
 * No waiting: cold compression and resume's decompression both create the new
 * form before removing the old one, so the only miss is a swap between the
 * two checks, and then the form just created is the plain file (checked again
 * last) or the `.zst` (checked after the plain file was gone).
 */
export async function existingRolloutFile(path: string): Promise<ExistingRolloutFile | undefined> {
  const logicalPath = plainRolloutPath(path);
  const compressedPath = `${logicalPath}.zst`;
  const candidates: Array<[string, boolean]> = [
    [logicalPath, false],
    [compressedPath, true],
    [logicalPath, false],
  ];
  for (const [actualPath, compressed] of candidates) {
    const found = await statRolloutFile(actualPath);
    if (found) return { logicalPath, actualPath, compressed, stat: found };
  }
  return undefined;
}

/** Like {@link existingRolloutFile}, but a missing file is a `not_found` RolloutError. */
export async function resolveRolloutFile(path: string): Promise<ExistingRolloutFile> {
  const found = await existingRolloutFile(path);
  if (found) return found;
  const logicalPath = plainRolloutPath(path);
  throw new RolloutError('not_found', `no rollout file at ${logicalPath} (nor ${logicalPath}.zst)`);
}
