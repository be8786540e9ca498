import type { RolloutLine, ThreadId, UnknownRolloutLine } from '@threadkit/protocol';
import { toRolloutItem } from '@threadkit/protocol';
import { readRolloutFile, readRolloutHead } from '@threadkit/rollout';
import { ThreadStoreError } from '../errors';
import { parseLoadThreadHistoryParams, parseReadThreadParams } from '../parse-params';
import type { LoadThreadHistoryParams, ReadThreadParams } from '../types/read-thread-params';
import type { StoredThread, StoredThreadHistory } from '../types/stored-thread';
import { type LocatedThread, locateThread } from './locate-thread';
import { indexSummary } from './reconcile-index';
import { type RolloutSummary, summarizeRollout } from './rollout-summary';
import type { LocalStoreContext } from './store-context';
import { storedThreadFromRow, storedThreadFromSummary } from './stored-threads';
import { asStoreErrors } from './to-store-error';

/**
 * The thread's rollout, if it is visible: archived threads only with
 * `includeArchived`. A created thread without history has no rollout yet.
 */
export async function locateVisibleThread(
  ctx: LocalStoreContext,
  threadId: ThreadId,
  includeArchived: boolean,
): Promise<LocatedThread> {
  const located = await locateThread(ctx, threadId);
  if (!located) throw ThreadStoreError.threadNotFound(threadId);
  if (located.archived && !includeArchived) {
    throw ThreadStoreError.threadNotFound(threadId, 'it is archived (pass includeArchived to reach it)');
  }
  return located;
}

/** Not a readable thread: its rollout has no session_meta of the thread to say what it is. */
function withoutSessionMeta(located: Pick<LocatedThread, 'threadId' | 'actualPath'>, detail = ''): ThreadStoreError {
  return ThreadStoreError.threadNotFound(
    located.threadId,
    `its rollout ${located.actualPath} does not start with a session_meta of the thread${detail}`,
  );
}

/** The head and tail summary of a located rollout; `thread_not_found` when it has no session_meta of the thread. */
export async function summarizeLocatedThread(ctx: LocalStoreContext, located: LocatedThread): Promise<RolloutSummary> {
  const summary = await summarizeRollout(located.path, {
    archivedDir: ctx.archivedDir,
    threadId: located.threadId,
    actualPath: located.actualPath,
    stat: located.stat,
  });
  if (!summary) throw withoutSessionMeta(located);
  return summary;
}

/**
 * The thread's metadata: the verified index row when there is one, else the
 * rollout's head and tail (and the row is rebuilt from them on the way).
 */
export async function describeLocatedThread(ctx: LocalStoreContext, located: LocatedThread): Promise<StoredThread> {
  await ctx.names.refresh();
  if (located.row) return storedThreadFromRow(located.row, ctx.names, ctx.defaultModelProvider);
  const summary = await summarizeLocatedThread(ctx, located);
  const row = indexSummary(ctx, summary);
  if (row) return storedThreadFromRow(row, ctx.names, ctx.defaultModelProvider);
  return storedThreadFromSummary(summary, ctx.names, ctx.defaultModelProvider);
}

/**
 * Every persisted item of a rollout in file order. Paginated files (newer Codex) read too:
 * their items come without ordinals, as history; only appending to them is refused.
 * A file whose first session_meta is not the thread's holds no readable thread.
 */
export async function historyOf(located: Pick<LocatedThread, 'threadId' | 'actualPath'>): Promise<StoredThreadHistory> {
  return { threadId: located.threadId, items: (await historyLinesOf(located)).map(toRolloutItem) };
}

/** The same history as whole lines: each item with its envelope (timestamp, ordinal, unknown top-level fields). */
async function historyLinesOf(located: Pick<LocatedThread, 'threadId' | 'actualPath'>): Promise<HistoryLine[]> {
  const contents = await readRolloutFile(located.actualPath, { includeUnknown: true });
  if (contents.threadId !== located.threadId) {
    throw withoutSessionMeta(located, contents.threadId ? ` (it names thread ${contents.threadId})` : '');
  }
  return contents.lines;
}

export function readThread(ctx: LocalStoreContext, params: ReadThreadParams): Promise<StoredThread> {
  const parsed = parseReadThreadParams(params);
  return asStoreErrors(parsed.threadId, async () => {
    const located = await locateVisibleThread(ctx, parsed.threadId, parsed.includeArchived);
    const thread = await describeLocatedThread(ctx, located);
    if (parsed.includeHistory) {
      thread.history = await historyOf(located);
    }
    return thread;
  });
}

/** A persisted record with its envelope, as the rollout holds it. */
export type HistoryLine = RolloutLine | UnknownRolloutLine;

/**
 * The rollout whose history is asked for: a verified row was made from this file's head;
 * otherwise the head is checked as readThread does, so both agree on what is a thread.
 */
async function locateHistory(ctx: LocalStoreContext, params: LoadThreadHistoryParams): Promise<LocatedThread> {
  const parsed = parseLoadThreadHistoryParams(params);
  const located = await locateVisibleThread(ctx, parsed.threadId, parsed.includeArchived);
  if (!located.row) {
    const file = {
      logicalPath: located.path,
      actualPath: located.actualPath,
      compressed: located.actualPath.endsWith('.zst'),
      stat: located.stat,
    };
    const head = await readRolloutHead(located.actualPath, { threadId: located.threadId, file });
    if (!head.metadata) throw withoutSessionMeta(located);
  }
  return located;
}

export function loadHistory(ctx: LocalStoreContext, params: LoadThreadHistoryParams): Promise<StoredThreadHistory> {
  const threadId = parseLoadThreadHistoryParams(params).threadId;
  return asStoreErrors(threadId, async () => historyOf(await locateHistory(ctx, params)));
}

/**
 * `loadHistory` with each item's line: for copies that must keep timestamps and unknown
 * fields byte for byte (e.g. moving a home into another store).
 */
export function loadHistoryLines(
  ctx: LocalStoreContext,
  params: LoadThreadHistoryParams,
): Promise<{ threadId: string; lines: HistoryLine[] }> {
  const threadId = parseLoadThreadHistoryParams(params).threadId;
  return asStoreErrors(threadId, async () => ({ threadId, lines: await historyLinesOf(await locateHistory(ctx, params)) }));
}
