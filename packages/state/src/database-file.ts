import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/**
 * threadkit's own index file. The number is the generation: a change that
 * cannot migrate in place gets a new file name and a rebuild from rollouts.
 * Codex's `state_5.sqlite` is never opened.
 */
export const STATE_DB_FILE_NAME = 'threadkit-state-1.sqlite';

export function stateDbPath(sqliteHome: string): string {
  return join(sqliteHome, STATE_DB_FILE_NAME);
}

/** SQLite keeps uncheckpointed pages and the lock map next to the file; they belong to it. */
const SIDECAR_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

function timestampForFileName(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a database file (and its sidecars, renamed alike so they still pair
 * up) to `<name>.corrupt-<timestamp>`, so it can be inspected later while a
 * fresh index takes its place. Returns the new path of the main file.
 */
export function setAsideDatabaseFile(path: string, at: Date = new Date()): string {
  const base = `${path}.corrupt-${timestampForFileName(at)}`;
  let target = base;
  for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
  if (existsSync(path)) renameSync(path, target);
  for (const suffix of SIDECAR_SUFFIXES) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}
