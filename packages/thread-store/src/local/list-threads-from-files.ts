import { basename } from 'node:path';
import type { ThreadId } from '@threadkit/protocol';
import {
  encodeRolloutListCursor,
  type ListedRollout,
  listRollouts,
  parseRolloutFileName,
  type RolloutSortKey,
} from '@threadkit/rollout';
import { encodeThreadListCursor, type ThreadListCursor } from '../cursor';
import type { ParsedListThreadsParams, ThreadPage } from '../types/list-threads-params';
import type { StoredThread } from '../types/stored-thread';
import { normalizeCwd } from './rollout-paths';
import { summarizeRollout } from './rollout-summary';
import type { LocalStoreContext } from './store-context';
import { storedThreadFromSummary } from './stored-threads';

/** Without an index, recency is the file's mtime, like the update time. */
export function fileSortKey(sortKey: ParsedListThreadsParams['sortKey']): RolloutSortKey {
  return sortKey === 'created_at' ? 'created_at' : 'updated_at';
}

/** The value rollout's listing sorts a file by: its name's time for created_at, its mtime otherwise. */
export function sortValueOf(item: ListedRollout, key: RolloutSortKey): number {
  if (key === 'updated_at') return item.mtimeMs;
  return parseRolloutFileName(basename(item.path))?.timestampMs ?? item.createdAt.getTime();
}

export interface FileListingQuery {
  archived: boolean;
  sortKey: ParsedListThreadsParams['sortKey'];
  sortDirection: ParsedListThreadsParams['sortDirection'];
  pageSize: number;
  after: ThreadListCursor | null;
  allowedSources: ParsedListThreadsParams['allowedSources'];
  /** `null`: the default-provider rule; `[]`: all. */
  modelProviders: string[] | null;
  cwdFilters: string[] | null;
  /** Checked after rollout's own filters; listing goes on until a page is full. */
  keep?: (item: ListedRollout) => boolean | Promise<boolean>;
}

/**
 * A listing straight from the rollout files: rollout's file scan (heads
 * only, newest first by file-name time or mtime), then any extra filter,
 * paging until `pageSize + 1` threads are kept so the cursor is exact.
 */
export async function listRolloutPage(
  ctx: LocalStoreContext,
  query: FileListingQuery,
): Promise<{ items: ListedRollout[]; nextCursor: string | null }> {
  const key = fileSortKey(query.sortKey);
  const providers =
    query.modelProviders === null
      ? [ctx.defaultModelProvider]
      : query.modelProviders.length === 0
        ? undefined
        : query.modelProviders;
  const kept: ListedRollout[] = [];
  // The store's cursor names the same (value, id) position as rollout's file-scan cursor.
  let cursor = query.after
    ? encodeRolloutListCursor({ key, value: query.after.value, rolloutId: query.after.threadId })
    : undefined;
  const chunk = query.keep ? Math.max(query.pageSize + 1, 200) : query.pageSize + 1;
  for (;;) {
    const page = await listRollouts(ctx.home, {
      archived: query.archived,
      sortKey: key,
      sortDirection: query.sortDirection,
      pageSize: Math.min(chunk, 10_000),
      cursor,
      sources: query.allowedSources,
      modelProviders: providers,
      defaultModelProvider: ctx.defaultModelProvider,
      cwds: query.cwdFilters === null ? undefined : query.cwdFilters.map(normalizeCwd),
    });
    for (const item of page.items) {
      if (query.keep && !(await query.keep(item))) continue;
      kept.push(item);
      if (kept.length > query.pageSize) break;
    }
    if (kept.length > query.pageSize || page.nextCursor === undefined) break;
    cursor = page.nextCursor;
  }
  if (kept.length <= query.pageSize) return { items: kept, nextCursor: null };
  kept.length = query.pageSize;
  const last = kept[kept.length - 1]!;
  const nextCursor = encodeThreadListCursor({
    sortKey: query.sortKey,
    sortDirection: query.sortDirection,
    value: sortValueOf(last, key),
    threadId: last.rolloutId as ThreadId,
  });
  return { items: kept, nextCursor };
}

/** A listed rollout as a StoredThread: head and tail re-read, so list and read say the same. */
export async function storedThreadFromListed(ctx: LocalStoreContext, item: ListedRollout): Promise<StoredThread | undefined> {
  const summary = await summarizeRollout(item.path, { archivedDir: ctx.archivedDir, threadId: item.threadId });
  return summary ? storedThreadFromSummary(summary, ctx.names, ctx.defaultModelProvider) : undefined;
}

function includesText(haystack: string | null | undefined, needle: string): boolean {
  return !!haystack && haystack.toLowerCase().includes(needle);
}

/** Parent of every thread of the home (both collections), for relation filters without an index. */
async function parentsOfAllThreads(ctx: LocalStoreContext): Promise<Map<string, string>> {
  const parents = new Map<string, string>();
  for (const archived of [false, true]) {
    let cursor: string | undefined;
    do {
      const page = await listRollouts(ctx.home, { archived, pageSize: 10_000, cursor });
      for (const item of page.items) if (item.parentThreadId) parents.set(item.threadId, item.parentThreadId);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return parents;
}

function descendantsOf(root: string, parents: Map<string, string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const [child, parent] of parents) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const found = new Set<string>();
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (child === root || found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return found;
}

/** `listThreads` without an index: everything from the files, names from `session_index.jsonl`. */
export async function listThreadsFromFiles(
  ctx: LocalStoreContext,
  params: ParsedListThreadsParams,
  after: ThreadListCursor | null,
): Promise<ThreadPage> {
  await ctx.names.refresh();
  const filters: Array<(item: ListedRollout) => boolean> = [];
  const relation = params.relation;
  if (relation && 'directChildrenOf' in relation) {
    filters.push((item) => item.parentThreadId === relation.directChildrenOf);
  } else if (relation) {
    const below = descendantsOf(relation.descendantsOf, await parentsOfAllThreads(ctx));
    filters.push((item) => below.has(item.threadId));
  }
  if (params.searchTerm !== null) {
    const term = params.searchTerm.trim().toLowerCase();
    filters.push(
      (item) =>
        includesText(ctx.names.explicitName(item.threadId), term) ||
        includesText(item.preview, term) ||
        includesText(item.firstUserMessage, term),
    );
  }
  const page = await listRolloutPage(ctx, {
    archived: params.archived,
    sortKey: params.sortKey,
    sortDirection: params.sortDirection,
    pageSize: params.pageSize,
    after,
    allowedSources: params.allowedSources,
    modelProviders: params.modelProviders,
    cwdFilters: params.cwdFilters,
    keep: filters.length > 0 ? (item) => filters.every((keep) => keep(item)) : undefined,
  });
  const items: StoredThread[] = [];
  for (const item of page.items) {
    const thread = await storedThreadFromListed(ctx, item);
    if (thread) items.push(thread);
  }
  return { items, nextCursor: page.nextCursor };
}
