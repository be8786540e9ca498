import { normalize, sep } from 'node:path';

/**
 * The form in which a `cwdFilters` entry and a thread's cwd are compared:
 * `.` segments, doubled and trailing separators do not matter, so
 * `/work/x/` finds threads of `/work/x`.
 */
export function cwdFilterKey(path: string): string {
  const normalized = normalize(path);
  return normalized.length > 1 && normalized.endsWith(sep) ? normalized.slice(0, -1) : normalized;
}
