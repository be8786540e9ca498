import { join } from 'node:path';
import { checkThreadId, sessionsDir, archivedSessionsDir } from './home';
import { compareCanonicalRollouts, numericSubdirs, type RolloutFileEntry, rolloutFilesIn } from './rollout-files';
import { pad } from './local-time';

export interface FindRolloutOptions {
  /** Also look in `archived_sessions/` (active files win). Default false. */
  includeArchived?: boolean;
}

export interface FoundRollout extends RolloutFileEntry {
  archived: boolean;
}

/**
 * Day folders a UUIDv7 id was most likely created in: the UTC date of its
 * embedded timestamp and the days either side (the folder uses local time).
 */
function likelyDayFolders(threadId: string): string[][] {
  if (threadId[14] !== '7') return [];
  const ms = Number.parseInt(threadId.slice(0, 8) + threadId.slice(9, 13), 16);
  if (!Number.isFinite(ms)) return [];
  const days: string[][] = [];
  for (const offset of [0, -1, 1]) {
    const d = new Date(ms + offset * 86_400_000);
    if (Number.isNaN(d.getTime())) continue;
    days.push([pad(d.getUTCFullYear(), 4), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())]);
  }
  return days;
}

function pickThread(files: RolloutFileEntry[], threadId: string): RolloutFileEntry | undefined {
  // Files of one folder share a collection: the thread's own file wins over reverted copies, newest first.
  return files.filter((f) => f.threadId === threadId).sort(compareCanonicalRollouts)[0];
}

async function findActive(home: string, threadId: string): Promise<RolloutFileEntry | undefined> {
  const root = sessionsDir(home);
  const tried = new Set<string>();
  for (const [year, month, day] of likelyDayFolders(threadId)) {
    const dir = join(root, year!, month!, day!);
    tried.add(dir);
    const found = pickThread(await rolloutFilesIn(dir), threadId);
    if (found) return found;
  }
  for (const year of await numericSubdirs(root, 'desc')) {
    for (const month of await numericSubdirs(join(root, year), 'desc')) {
      for (const day of await numericSubdirs(join(root, year, month), 'desc')) {
        const dir = join(root, year, month, day);
        if (tried.has(dir)) continue;
        const found = pickThread(await rolloutFilesIn(dir), threadId);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/**
 * Finds a thread's rollout by the id in its file name: `sessions/` first
 * (the likely day folders of a UUIDv7 id, then every day folder), then
 * `archived_sessions/` when asked. Returns the logical path (plain `.jsonl`)
 * and the file that exists. Ids that are not UUIDs are rejected before any
 * path is built.
 */
export async function findRollout(home: string, threadId: string, options: FindRolloutOptions = {}): Promise<FoundRollout | undefined> {
  const id = checkThreadId(threadId);
  const active = await findActive(home, id);
  if (active) return { ...active, archived: false };
  if (!options.includeArchived) return undefined;
  const archived = pickThread(await rolloutFilesIn(archivedSessionsDir(home)), id);
  return archived ? { ...archived, archived: true } : undefined;
}

/** The path of a thread's rollout file as it exists on disk (plain, else `.zst`), or undefined. */
export async function findRolloutPath(home: string, threadId: string, options: FindRolloutOptions = {}): Promise<string | undefined> {
  return (await findRollout(home, threadId, options))?.actualPath;
}
