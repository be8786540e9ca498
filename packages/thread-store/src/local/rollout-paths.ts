import { basename, dirname, isAbsolute, normalize, sep } from 'node:path';
import { parseRolloutFileName } from '@threadkit/rollout';

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
