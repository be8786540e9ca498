import { link, mkdir, realpath, rename, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { ThreadId } from '@threadkit/protocol';
import { fromFsError, hasErrno, RolloutError } from './errors';
import { parseRolloutFileName, plainRolloutPath } from './file-name';
import { findRollout } from './find';
import { syncDirectory } from './fs-durability';
import { archivedSessionsDir, checkHome, checkThreadId, sessionsDir } from './home';
import { serializeByKey } from './mutation-queue';
import { listDir } from './rollout-files';

export interface MoveRolloutOptions {
  /** The file to move; default: looked up by id in the source collection. */
  path?: string;
}

export interface MovedRollout {
  threadId: ThreadId;
  /** Logical (plain `.jsonl`) path before and after the move. */
  fromPath: string;
  toPath: string;
  /** Every file moved (the plain file and/or its `.zst` sibling). */
  movedFiles: string[];
}

/** Moves without overwriting: a hard link then unlink, or a checked rename where links are unsupported. */
async function moveNoClobber(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    if (hasErrno(err, 'EEXIST')) throw new RolloutError('conflict', `${to} already exists`, { cause: err });
    if (!hasErrno(err, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV')) throw err;
    const present = await listDir(dirname(to));
    if (present.some((entry) => entry.name === basename(to))) throw new RolloutError('conflict', `${to} already exists`);
    await rename(from, to);
    return;
  }
  await unlink(from);
}

/** The plain and `.zst` files of one logical rollout path that exist in `dir`. */
async function siblingsIn(dir: string, plainName: string): Promise<string[]> {
  const names = new Set((await listDir(dir)).map((entry) => entry.name));
  return [plainName, `${plainName}.zst`].filter((name) => names.has(name));
}

async function resolveSource(
  home: string,
  id: ThreadId,
  options: MoveRolloutOptions,
  archived: boolean,
): Promise<{ dir: string; plainName: string }> {
  const collection = archived ? archivedSessionsDir(home) : sessionsDir(home);
  let path = options.path;
  if (path === undefined) {
    const found = await findRollout(home, id, { includeArchived: archived });
    if (!found || found.archived !== archived) {
      throw new RolloutError('not_found', `no ${archived ? 'archived' : 'active'} rollout found for thread ${id}`);
    }
    path = found.actualPath;
  }
  if (typeof path !== 'string' || path === '') throw new RolloutError('invalid_request', 'path must be a non-empty string');
  const name = parseRolloutFileName(basename(path));
  if (!name) throw new RolloutError('invalid_request', `not a rollout file name: ${basename(path)}`);
  if (name.threadId !== id) {
    throw new RolloutError('invalid_request', `rollout ${basename(path)} does not match thread id ${id}`);
  }
  let realDir: string;
  let realCollection: string;
  try {
    realDir = await realpath(dirname(resolve(home, path)));
    realCollection = await realpath(collection);
  } catch (err) {
    throw fromFsError(err, `cannot resolve ${path}`);
  }
  const inside = archived
    ? realDir === realCollection
    : realDir.startsWith(realCollection + sep) && realDir.slice(realCollection.length + 1).split(sep).length === 3;
  if (!inside) {
    const where = archived ? collection : `${collection}/YYYY/MM/DD`;
    throw new RolloutError('invalid_request', `rollout path ${path} must be in ${where}`);
  }
  return { dir: realDir, plainName: plainRolloutPath(name.fileName) };
}

async function move(id: ThreadId, from: { dir: string; plainName: string }, toDir: string): Promise<MovedRollout> {
  const files = await siblingsIn(from.dir, from.plainName);
  if (files.length === 0) throw new RolloutError('not_found', `rollout ${join(from.dir, from.plainName)} vanished`);
  try {
    await mkdir(toDir, { recursive: true });
  } catch (err) {
    throw fromFsError(err, `cannot create ${toDir}`);
  }
  const movedFiles: string[] = [];
  for (const name of files) {
    try {
      await moveNoClobber(join(from.dir, name), join(toDir, name));
    } catch (err) {
      throw fromFsError(err, `cannot move ${name} to ${toDir}`);
    }
    movedFiles.push(join(toDir, name));
  }
  await syncDirectory(toDir);
  await syncDirectory(from.dir);
  return { threadId: id, fromPath: join(from.dir, from.plainName), toPath: join(toDir, from.plainName), movedFiles };
}

/**
 * Moves a thread's rollout from `sessions/YYYY/MM/DD/` to the flat
 * `archived_sessions/`, keeping its file name (and its `.zst` sibling, if
 * any). The file must sit in a dated folder of `sessions/` and its name must
 * carry the thread id; an existing destination is a `conflict`.
 */
export async function archiveRollout(home: string, threadId: string, options: MoveRolloutOptions = {}): Promise<MovedRollout> {
  const root = checkHome(home);
  const id = checkThreadId(threadId);
  return serializeByKey(`archive:${root}:${id}`, async () => {
    const source = await resolveSource(root, id, options, false);
    return move(id, source, archivedSessionsDir(root));
  });
}

/**
 * Moves an archived rollout back to `sessions/YYYY/MM/DD/`, the folder
 * rebuilt from its file name, and sets its mtime to now (so listings by
 * update time show it as just touched, as Codex does).
 */
export async function unarchiveRollout(
  home: string,
  threadId: string,
  options: MoveRolloutOptions & { now?: Date } = {},
): Promise<MovedRollout> {
  const root = checkHome(home);
  const id = checkThreadId(threadId);
  return serializeByKey(`archive:${root}:${id}`, async () => {
    const source = await resolveSource(root, id, options, true);
    const [year, month, day] = parseRolloutFileName(source.plainName)!.dateFolders;
    const moved = await move(id, source, join(sessionsDir(root), year, month, day));
    const now = options.now ?? new Date();
    for (const file of moved.movedFiles) {
      await utimes(file, now, now).catch((err: unknown) => {
        throw fromFsError(err, `cannot touch ${file}`);
      });
    }
    return moved;
  });
}

/**
 * Deletes a thread's rollout files, active and archived, plain and `.zst`.
 * Returns the paths removed (empty when there were none). Only files whose
 * name carries the thread id, inside the home's two collections, are touched.
 */
export async function deleteRolloutFiles(home: string, threadId: string): Promise<string[]> {
  const root = checkHome(home);
  const id = checkThreadId(threadId);
  return serializeByKey(`archive:${root}:${id}`, async () => {
    const removed: string[] = [];
    for (const archived of [false, true]) {
      for (;;) {
        const found = await findRollout(root, id, { includeArchived: archived });
        if (!found || found.archived !== archived) break;
        const source = await resolveSource(root, id, { path: found.actualPath }, archived);
        const files = await siblingsIn(source.dir, source.plainName);
        if (files.length === 0) break;
        for (const name of files) {
          try {
            await unlink(join(source.dir, name));
            removed.push(join(source.dir, name));
          } catch (err) {
            if (!hasErrno(err, 'ENOENT')) throw fromFsError(err, `cannot delete ${name}`);
          }
        }
        await syncDirectory(source.dir);
      }
    }
    return removed;
  });
}
