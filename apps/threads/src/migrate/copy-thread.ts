import { isDeepStrictEqual } from 'node:util';
import { toRolloutItem } from '@threadkit/protocol';
import type { ImportThreadParams, ImportThreadResult } from '@threadkit/store-postgres';
import {
  type HistoryLine,
  isThreadStoreError,
  type LoadThreadHistoryParams,
  type ReadThreadParams,
  type StoredThread,
  type StoredThreadHistory,
  type ThreadHistoryItem,
  type ThreadStore,
} from '@threadkit/thread-store';

/** Where threads are copied from: a home's store that gives each history item's whole line (LocalThreadStore). */
export interface MigrationSource extends ThreadStore {
  loadHistoryLines(params: LoadThreadHistoryParams): Promise<{ threadId: string; lines: HistoryLine[] }>;
}

export function isMigrationSource(store: ThreadStore): store is MigrationSource {
  return typeof (store as Partial<MigrationSource>).loadHistoryLines === 'function';
}

/** Where threads are copied to: PostgresThreadStore, or anything that reads and imports the same way. */
export interface MigrationTarget {
  readThread(params: ReadThreadParams): Promise<StoredThread>;
  loadHistory(params: LoadThreadHistoryParams): Promise<StoredThreadHistory>;
  importThread(params: ImportThreadParams): Promise<ImportThreadResult>;
}

/** Why a thread was left out of the copy. */
export type NotCopiedReason =
  /** Its history is in Codex's paginated mode, which the target cannot hold. */
  | 'paginated'
  /** Its copy has history the home lacks: it was continued in the target. Kept unless `overwrite`. */
  | 'diverged'
  /** Reading it, or importing it, failed; `message` says why. */
  | 'failed';

export type CopyOutcome =
  /** `imported`: new in the target; `replaced`: an incomplete or outdated copy was replaced; `skipped`: already copied. */
  | { result: ImportThreadResult }
  | { result: 'not_copied'; reason: NotCopiedReason; message: string };

export interface CopyOptions {
  /** Replace copies that were continued in the target too (`diverged`). */
  overwrite: boolean;
}

/**
 * Copies one thread of `source` (a local home) into `target`, or leaves it:
 *
 * - a copy identical in every field (rollout path aside) is complete: skipped without reading the history;
 * - a copy whose history is a prefix of the home's (an interrupted or older copy, or one the home has
 *   renamed, archived or continued since) is replaced;
 * - a copy with history the home lacks was continued in the target: reported, and replaced only with `overwrite`;
 * - a missing thread is imported (`ifExists: 'skip'`, so a copy made meanwhile by another run is kept).
 *
 * Failures of the target other than a busy or unstorable thread are thrown: the connection is gone, and
 * every later thread would fail the same way.
 */
export async function copyThread(
  source: MigrationSource,
  target: MigrationTarget,
  threadId: string,
  options: CopyOptions,
): Promise<CopyOutcome> {
  const local = await fromSource(() => source.readThread({ threadId, includeArchived: true }));
  if ('result' in local) return local;
  const existing = await fromTarget(() => readCopy(target, threadId));
  if (existing !== null && 'result' in existing) return existing;
  if (existing !== null && isDeepStrictEqual(withoutHistory(existing), copyOf(local))) return { result: 'skipped' };
  if (local.historyMode !== 'legacy') {
    return {
      result: 'not_copied',
      reason: 'paginated',
      message: `its history is in Codex's ${local.historyMode} mode, which PostgreSQL threads cannot hold`,
    };
  }

  const history = await fromSource(() => source.loadHistoryLines({ threadId, includeArchived: true }));
  if ('result' in history) return history;
  const { lines } = history;
  const thread = copyOf(local);

  if (existing === null) {
    return fromTarget(async () => ({ result: await target.importThread({ thread, lines, ifExists: 'skip' }) }));
  }
  if (isDeepStrictEqual(withoutHistory(existing), thread)) return { result: 'skipped' };
  if (!options.overwrite) {
    const copied = await fromTarget(() => target.loadHistory({ threadId, includeArchived: true }));
    if ('result' in copied) return copied;
    if (!isPrefixOf(copied.items, lines)) {
      return {
        result: 'not_copied',
        reason: 'diverged',
        message: 'its copy in PostgreSQL has history the home lacks (it was continued there); --overwrite replaces it',
      };
    }
  }
  return fromTarget(async () => ({ result: await target.importThread({ thread, lines, ifExists: 'replace' }) }));
}

/** The thread as it is stored in the target: every field kept, no rollout file (there is none there). */
function copyOf(thread: StoredThread): StoredThread {
  return { ...withoutHistory(thread), rolloutPath: null };
}

function withoutHistory(thread: StoredThread): StoredThread {
  const { history: _history, ...rest } = thread;
  return rest;
}

async function readCopy(target: MigrationTarget, threadId: string): Promise<StoredThread | null> {
  try {
    return await target.readThread({ threadId, includeArchived: true });
  } catch (error) {
    if (isThreadStoreError(error, 'thread_not_found')) return null;
    throw error;
  }
}

/** Each copied item equals the home's line at its place (a copy's items may carry the line's unknown fields too). */
function isPrefixOf(copied: readonly ThreadHistoryItem[], lines: readonly HistoryLine[]): boolean {
  if (copied.length > lines.length) return false;
  return copied.every((item, index) => isDeepStrictEqual(itemCore(item), itemCore(toRolloutItem(lines[index]!))));
}

function itemCore(item: { type: string; payload: unknown }): unknown[] {
  return [item.type, item.payload, (item as { metadata?: unknown }).metadata];
}

type NotCopied = Extract<CopyOutcome, { result: 'not_copied' }>;

function failed(message: string): NotCopied {
  return { result: 'not_copied', reason: 'failed', message };
}

/** Anything reading the home throws concerns that thread only. */
async function fromSource<T>(read: () => Promise<T>): Promise<T | NotCopied> {
  try {
    return await read();
  } catch (error) {
    if (isThreadStoreError(error, 'thread_not_found')) return failed('it left the home while it was copied');
    if (error instanceof Error) return failed(oneLine(error.message));
    return failed(String(error));
  }
}

/** A busy thread or a value PostgreSQL cannot store concerns that thread; anything else ends the run. */
async function fromTarget<T>(write: () => Promise<T>): Promise<T | NotCopied> {
  try {
    return await write();
  } catch (error) {
    if (isThreadStoreError(error, 'conflict') || isThreadStoreError(error, 'invalid_request')) {
      return failed(oneLine(error.message));
    }
    throw error;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
