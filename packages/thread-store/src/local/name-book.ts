import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ThreadId } from '@threadkit/protocol';
import { appendThreadName, parseThreadNameLine, sessionIndexPath } from '@threadkit/rollout';

/** Bytes before the read position compared on every look, to tell an append from a rewrite in place. */
const CHECK_BYTES = 64;
const NEWLINE = 0x0a;

/** How far the book has read `session_index.jsonl`. */
interface ReadState {
  ino: number;
  /** Size and mtime at the last look: unchanged, the file is not read at all. */
  size: number;
  mtimeMs: number;
  /** Bytes taken in: up to the end of the last complete line. */
  offset: number;
  /** The last bytes before `offset`, as they were read. */
  before: Buffer;
}

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT';

// Reads block: the file is small and in the page cache, where a read takes
// microseconds, less than an asynchronous read's round trip through the thread pool.
function readRange(fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.allocUnsafe(Math.max(0, to - from));
  let length = 0;
  while (length < buffer.length) {
    const bytesRead = readSync(fd, buffer, length, buffer.length - length, from + length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

/**
 * The names in `session_index.jsonl` (the newest line per thread wins; an
 * empty name is a clear), kept in memory. This file is where Codex keeps
 * names, so it is the authority for them: a rename made by Codex is seen
 * here even if the index never heard of it. The file only grows, so a look
 * reads just the bytes appended since the last one (after checking that the
 * bytes before them are still the ones read); a file that shrank, was
 * replaced (a removal rewrites it) or was rewritten in place is read again
 * whole. A rename made through the book is taken without reading at all
 * when nothing else was appended meanwhile.
 */
export class NameBook {
  private names = new Map<ThreadId, string>();
  /** Threads whose entries left the file: they no longer have a name. */
  private removed = new Set<ThreadId>();
  private state: ReadState | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private queued: Promise<boolean> | undefined;
  /** Bumped every time the names may have changed. */
  generation = 0;
  /** Bytes read from the file so far. */
  bytesRead = 0;

  constructor(private readonly home: string) {}

  /** Looks at the file and takes in what changed. True when the names may have changed. */
  refresh(): Promise<boolean> {
    // Callers that arrive while a look waits its turn share it; one that arrives during a look gets a new one.
    this.queued ??= this.serial(() => {
      this.queued = undefined;
      return this.load();
    });
    return this.queued;
  }

  /** Renames a thread (an empty name clears it) by appending its entry to the file. */
  append(threadId: ThreadId, name: string): Promise<void> {
    return this.serial(async () => {
      const { id, threadName, placement } = await appendThreadName(this.home, threadId, name);
      const seen = this.state;
      // Only when the line directly follows what was read; otherwise the next look reads it with the rest.
      if (!placement || !seen || placement.ino !== seen.ino || placement.start !== seen.offset || seen.size !== seen.offset) {
        return;
      }
      this.take(id, threadName);
      const read = Buffer.concat([seen.before, Buffer.from(placement.text)]);
      this.state = {
        ino: placement.ino,
        size: placement.end,
        mtimeMs: placement.mtimeMs,
        offset: placement.end,
        before: read.subarray(Math.max(0, read.length - CHECK_BYTES)),
      };
      this.generation++;
    });
  }

  /** The thread's explicit name: a string, `null` when it was cleared or its entries removed, undefined when it never had one. */
  explicitName(threadId: string): string | null | undefined {
    const name = this.names.get(threadId as ThreadId);
    if (name === undefined) return this.removed.has(threadId as ThreadId) ? null : undefined;
    return name === '' ? null : name;
  }

  /** Every thread that has or had an entry, with its current name (`null` = cleared or removed). */
  *entries(): IterableIterator<[ThreadId, string | null]> {
    for (const [id, name] of this.names) yield [id, name === '' ? null : name];
    for (const id of this.removed) yield [id, null];
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  private take(id: ThreadId, name: string): void {
    this.names.set(id, name);
    this.removed.delete(id);
  }

  /** Applies the entries of `bytes` in file order. */
  private apply(bytes: Buffer): void {
    if (bytes.length === 0) return;
    for (const line of bytes.toString('utf8').split('\n')) {
      const entry = parseThreadNameLine(line);
      if (entry) this.take(entry.id, entry.threadName);
    }
  }

  private async load(): Promise<boolean> {
    const path = sessionIndexPath(this.home);
    const seen = this.state;
    let fd: number;
    try {
      // One stat on every look; the file is opened only when it changed.
      const s = statSync(path);
      if (seen && s.ino === seen.ino && s.size === seen.size && s.mtimeMs === seen.mtimeMs) return false;
      fd = openSync(path, 'r');
    } catch (error) {
      if (!isMissing(error)) throw error;
      return this.replace(Buffer.alloc(0), undefined);
    }
    try {
      const s = fstatSync(fd);
      if (seen && s.ino === seen.ino && s.size >= seen.offset) {
        const from = seen.offset - seen.before.length;
        const bytes = readRange(fd, from, s.size);
        this.bytesRead += bytes.length;
        if (bytes.length >= seen.before.length && bytes.subarray(0, seen.before.length).equals(seen.before)) {
          return this.extend(seen, from, bytes, s.mtimeMs);
        }
      }
      const whole = readRange(fd, 0, s.size);
      this.bytesRead += whole.length;
      return this.replace(whole, { ino: s.ino, mtimeMs: s.mtimeMs });
    } finally {
      closeSync(fd);
    }
  }

  /** Takes in the bytes appended after `seen.offset` (`bytes` starts at `from`, with the checked bytes). */
  private extend(seen: ReadState, from: number, bytes: Buffer, mtimeMs: number): boolean {
    const complete = bytes.lastIndexOf(NEWLINE) + 1;
    const fresh = Math.max(complete, seen.before.length);
    this.apply(bytes.subarray(seen.before.length, fresh));
    // A last line without its newline may be a line being written: taken now, read again with what follows.
    this.apply(bytes.subarray(fresh));
    this.state = {
      ino: seen.ino,
      size: from + bytes.length,
      mtimeMs,
      offset: from + fresh,
      before: Buffer.from(bytes.subarray(Math.max(0, fresh - CHECK_BYTES), fresh)),
    };
    const changed = bytes.length > seen.before.length;
    if (changed) this.generation++;
    return changed;
  }

  /** Replaces every name with those of `whole`, the whole file (or none); names that left it are removed. */
  private replace(whole: Buffer, file: { ino: number; mtimeMs: number } | undefined): boolean {
    if (!file && !this.state && this.generation > 0) return false;
    const previous = this.names;
    this.names = new Map();
    const complete = whole.lastIndexOf(NEWLINE) + 1;
    this.apply(whole.subarray(0, complete));
    this.apply(whole.subarray(complete));
    for (const id of previous.keys()) if (!this.names.has(id)) this.removed.add(id);
    for (const id of this.names.keys()) this.removed.delete(id);
    this.state = file && {
      ino: file.ino,
      size: whole.length,
      mtimeMs: file.mtimeMs,
      offset: complete,
      before: Buffer.from(whole.subarray(Math.max(0, complete - CHECK_BYTES), complete)),
    };
    this.generation++;
    return true;
  }
}
