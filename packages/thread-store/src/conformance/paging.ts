import { expect } from 'vitest';
import type { ThreadStore } from '../thread-store';
import type { SortDirection, ThreadSortKey } from '../types/common';
import type { ListThreadsParams } from '../types/list-threads-params';
import type { StoredThread } from '../types/stored-thread';

export function sortValue(thread: StoredThread, sortKey: ThreadSortKey): number {
  if (sortKey === 'created_at') return thread.createdAt.getTime();
  if (sortKey === 'updated_at') return thread.updatedAt.getTime();
  return thread.recencyAt.getTime();
}

/** Checks that values never go against the direction. */
export function expectSorted(threads: StoredThread[], sortKey: ThreadSortKey, direction: SortDirection): void {
  for (let i = 1; i < threads.length; i++) {
    const prev = sortValue(threads[i - 1]!, sortKey);
    const next = sortValue(threads[i]!, sortKey);
    if (direction === 'desc') expect(next, `position ${i} of ${sortKey} desc`).toBeLessThanOrEqual(prev);
    else expect(next, `position ${i} of ${sortKey} asc`).toBeGreaterThanOrEqual(prev);
  }
}

/**
 * Follows `nextCursor` to the end. Checks every page on the way: never
 * larger than asked, and a cursor is only handed out when something follows.
 */
export async function listAllPages(
  list: (params: ListThreadsParams) => Promise<{ items: StoredThread[]; nextCursor: string | null }>,
  params: ListThreadsParams,
): Promise<StoredThread[]> {
  const pageSize = params.pageSize ?? 25;
  const all: StoredThread[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await list({ ...params, cursor });
    expect(page.items.length, 'page larger than pageSize').toBeLessThanOrEqual(pageSize);
    if (cursor !== null) expect(page.items.length, 'a cursor led to an empty page').toBeGreaterThan(0);
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    expect(typeof page.nextCursor).toBe('string');
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end after 10000 pages');
}

export const listAll = (store: ThreadStore, params: ListThreadsParams) =>
  listAllPages((p) => store.listThreads(p), params);

export function expectSameIds(threads: StoredThread[], expected: readonly string[]): void {
  const ids = threads.map((t) => t.threadId);
  expect(new Set(ids).size, 'a thread was listed twice').toBe(ids.length);
  expect([...ids].sort()).toEqual([...expected].sort());
}
