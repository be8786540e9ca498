import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseThreadId, type ThreadId } from '@threadkit/protocol';
import { sessionIndexPath } from '@threadkit/rollout';

interface Seen {
  size: number;
  mtimeMs: number;
  ino: number;
}

function parseLatestNames(text: string): Map<ThreadId, string> {
  const latest = new Map<ThreadId, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a torn or foreign line: Codex skips it too
    }
    if (typeof value !== 'object' || value === null) continue;
    const { id, thread_name: name } = value as Record<string, unknown>;
    const threadId = parseThreadId(id);
    if (threadId && typeof name === 'string') latest.set(threadId, name.trim());
  }
  return latest;
}

/**
 * The names in `session_index.jsonl` (the newest line per thread wins; an
 * empty name is a clear), cached and re-read only when the file changes.
 * This file is where Codex keeps names, so it is the authority for them:
 * a rename made by Codex is seen here even if the index never heard of it.
 */
export class NameBook {
  private names = new Map<ThreadId, string>();
  private seen: Seen | undefined;
  private loading: Promise<boolean> | undefined;
  /** Bumped every time the contents were re-read. */
  generation = 0;

  constructor(private readonly home: string) {}

  /** Re-reads the file if it changed since the last look. True when it was re-read. */
  refresh(): Promise<boolean> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<boolean> {
    const path = sessionIndexPath(this.home);
    let info: Seen | undefined;
    try {
      // One stat on every listing: synchronous, it costs less than a round trip through the thread pool.
      const s = statSync(path);
      info = { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    }
    const same =
      info === this.seen ||
      (info !== undefined &&
        this.seen !== undefined &&
        info.size === this.seen.size &&
        info.mtimeMs === this.seen.mtimeMs &&
        info.ino === this.seen.ino);
    if (same && this.generation > 0) return false;
    let text = '';
    if (info) {
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      }
    }
    this.names = parseLatestNames(text);
    this.seen = info;
    this.generation++;
    return true;
  }

  /** The thread's explicit name: a string, `null` when its newest entry cleared it, undefined when it has none. */
  explicitName(threadId: string): string | null | undefined {
    const name = this.names.get(threadId as ThreadId);
    if (name === undefined) return undefined;
    return name === '' ? null : name;
  }

  /** Every thread that has an entry, with its current name (`null` = cleared). */
  *entries(): IterableIterator<[ThreadId, string | null]> {
    for (const [id, name] of this.names) yield [id, name === '' ? null : name];
  }
}
