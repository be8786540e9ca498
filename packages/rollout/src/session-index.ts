import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseThreadId, type ThreadId } from '@threadkit/protocol';
import { fromFsError, hasErrno, RolloutError } from './errors';
import { syncDirectory } from './fs-durability';
import { checkThreadId, sessionIndexPath } from './home';
import { serializeByKey } from './mutation-queue';
import { linesBackward } from './reverse-lines';

/** Longest thread name accepted, in characters. */
export const MAX_THREAD_NAME_LENGTH = 1024;

/** One line of `session_index.jsonl`, camelCase. */
export interface ThreadNameEntry {
  id: ThreadId;
  /** Trimmed; empty means the name was cleared. */
  threadName: string;
  updatedAt: string;
}

/**
 * Where an appended name line landed. Given only when nothing else was
 * appended between the append and the size read after it, so every byte
 * before `start` is what it was before the append.
 */
export interface ThreadNameLinePlacement {
  /** Inode of the file written. */
  ino: number;
  /** Byte offset of `text` (a newline repairing a torn last line included). */
  start: number;
  /** File size after the write: `start` plus the byte length of `text`. */
  end: number;
  /** The file's mtime after the write. */
  mtimeMs: number;
  /** The bytes written, as text. */
  text: string;
}

/** An appended entry, and where its line landed when that is known. */
export interface AppendedThreadName extends ThreadNameEntry {
  placement: ThreadNameLinePlacement | undefined;
}

/** One line of the file, or undefined for a blank, torn or foreign line (Codex skips those too). */
export function parseThreadNameLine(text: string): ThreadNameEntry | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, thread_name: threadName, updated_at: updatedAt } = value as Record<string, unknown>;
  const parsedId = parseThreadId(id);
  if (!parsedId || typeof threadName !== 'string') return undefined;
  return { id: parsedId, threadName: threadName.trim(), updatedAt: typeof updatedAt === 'string' ? updatedAt : '' };
}

function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new RolloutError('invalid_request', 'thread name must be a string');
  const trimmed = name.trim();
  if (trimmed.length > MAX_THREAD_NAME_LENGTH) {
    throw new RolloutError('invalid_request', `thread name is longer than ${MAX_THREAD_NAME_LENGTH} characters`);
  }
  return trimmed;
}

/**
 * Appends `{"id","thread_name","updated_at"}` to `<home>/session_index.jsonl`
 * and syncs it. The newest line for an id wins, so this is how a thread is
 * renamed; an empty name clears it. A torn last line gets a newline first.
 * The result says where the line landed, so a reader that had read the file
 * up to there can take the entry without reading the file again.
 */
export async function appendThreadName(
  home: string,
  threadId: string,
  name: string,
  options: { now?: Date } = {},
): Promise<AppendedThreadName> {
  const id = checkThreadId(threadId);
  const threadName = checkName(name);
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RolloutError('invalid_request', 'now must be a valid Date');
  const path = sessionIndexPath(home);
  const entry: ThreadNameEntry = { id, threadName, updatedAt: now.toISOString() };
  const line = `${JSON.stringify({ id, thread_name: threadName, updated_at: entry.updatedAt })}\n`;
  let placement: ThreadNameLinePlacement | undefined;
  await serializeByKey(path, async () => {
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o644);
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        const text = prefix + line;
        await handle.write(text);
        await handle.datasync();
        const after = await handle.stat();
        // Grown by exactly this line: no other writer appended before or after it.
        if (after.size - size === Buffer.byteLength(text)) {
          placement = { ino: after.ino, start: size, end: after.size, mtimeMs: after.mtimeMs, text };
        }
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw fromFsError(err, `cannot append to ${path}`);
    }
  });
  return { ...entry, placement };
}

/** A thread's current name: its newest entry, found scanning backwards from the end. Undefined when unnamed or cleared. */
export async function readThreadName(home: string, threadId: string): Promise<string | undefined> {
  const id = checkThreadId(threadId);
  const lines = linesBackward(sessionIndexPath(home));
  try {
    for await (const text of lines) {
      const entry = parseThreadNameLine(text);
      if (entry?.id === id) return entry.threadName === '' ? undefined : entry.threadName;
    }
  } finally {
    await lines.return(undefined);
  }
  return undefined;
}

async function readAllEntries(path: string): Promise<ThreadNameEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (hasErrno(err, 'ENOENT')) return [];
    throw fromFsError(err, `cannot read ${path}`);
  }
  const entries: ThreadNameEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseThreadNameLine(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Current names of many threads in one forward pass (last entry per id wins; cleared and unnamed ids are absent). */
export async function readThreadNames(home: string, threadIds: Iterable<string>): Promise<Map<ThreadId, string>> {
  const wanted = new Set<ThreadId>();
  for (const id of threadIds) wanted.add(checkThreadId(id));
  const latest = new Map<ThreadId, string>();
  if (wanted.size === 0) return latest;
  for (const entry of await readAllEntries(sessionIndexPath(home))) {
    if (wanted.has(entry.id)) latest.set(entry.id, entry.threadName);
  }
  for (const [id, name] of latest) if (name === '') latest.delete(id);
  return latest;
}

/**
 * Ids whose current name equals `name` (trimmed, exact), newest rename first.
 * An id renamed away from `name` does not match.
 */
export async function findThreadIdsByName(home: string, name: string): Promise<ThreadId[]> {
  const wanted = checkName(name);
  if (wanted === '') return [];
  const seen = new Set<ThreadId>();
  const matches: ThreadId[] = [];
  const lines = linesBackward(sessionIndexPath(home));
  try {
    for await (const text of lines) {
      const entry = parseThreadNameLine(text);
      if (!entry || seen.has(entry.id)) continue;
      seen.add(entry.id);
      if (entry.threadName === wanted) matches.push(entry.id);
    }
  } finally {
    await lines.return(undefined);
  }
  return matches;
}

/**
 * Removes every entry of a thread by rewriting the file (temp file, sync,
 * rename), keeping all other lines byte for byte, including ones this
 * version cannot parse. Returns how many lines were removed; rewrites
 * nothing when there were none.
 */
export async function removeThreadNameEntries(home: string, threadId: string): Promise<number> {
  const id = checkThreadId(threadId);
  const path = sessionIndexPath(home);
  return serializeByKey(path, async () => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (hasErrno(err, 'ENOENT')) return 0;
      throw fromFsError(err, `cannot read ${path}`);
    }
    const lines = text.split('\n');
    const trailingNewline = text.endsWith('\n');
    if (trailingNewline) lines.pop();
    const kept = lines.filter((line) => parseThreadNameLine(line)?.id !== id);
    const removed = lines.length - kept.length;
    if (removed === 0) return 0;
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      const body = kept.length > 0 ? `${kept.join('\n')}\n` : '';
      await writeFile(temp, body, { flag: 'wx', mode: 0o644 });
      const handle = await open(temp, 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
      await syncDirectory(dirname(path));
    } catch (err) {
      await unlink(temp).catch(() => {});
      throw fromFsError(err, `cannot rewrite ${path}`);
    }
    return removed;
  });
}
