import { encodeCursor } from './cursor';
import type { IndexedThread } from './indexed-thread';
import type { ListQuery, PagePosition } from './list-params';
import { bindListQuery, type ListRow, type ListStatementCache, type SearchTarget } from './list-statements';
import { decodeThreadRow } from './thread-columns';

export interface ThreadIndexPage {
  items: IndexedThread[];
  /** Pass back as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
  /** The same position decoded (for `after`); `null` on the last page. */
  nextAfter: PagePosition | null;
}

const SORT_VALUE: Record<ListQuery['sortKey'], (row: ListRow) => number> = {
  created_at: (row) => row.created_at_ms,
  updated_at: (row) => row.updated_at_ms,
  recency_at: (row) => row.recency_at_ms,
};

/**
 * Runs a validated query and cuts the page: one extra row is fetched to know
 * whether another page follows, and the cursor names the last row kept.
 */
export function queryPage(
  cache: ListStatementCache,
  query: ListQuery,
  target: SearchTarget = 'metadata',
): { rows: ListRow[]; nextCursor: string | null; nextAfter: PagePosition | null } {
  if (query.matchesNothing) return { rows: [], nextCursor: null, nextAfter: null };
  const bound = bindListQuery(query);
  const rows = cache.get(query, target).all(bound);
  if (rows.length <= query.pageSize) return { rows, nextCursor: null, nextAfter: null };
  rows.length = query.pageSize;
  const last = rows[rows.length - 1]!;
  const nextAfter = { value: SORT_VALUE[query.sortKey](last), threadId: last.thread_id };
  const nextCursor = encodeCursor({
    sortKey: query.sortKey,
    direction: query.direction,
    valueMs: nextAfter.value,
    threadId: nextAfter.threadId,
  });
  return { rows, nextCursor, nextAfter };
}

export function listThreadPage(cache: ListStatementCache, query: ListQuery): ThreadIndexPage {
  const { rows, nextCursor, nextAfter } = queryPage(cache, query);
  const items = new Array<IndexedThread>(rows.length);
  for (let i = 0; i < rows.length; i++) items[i] = decodeThreadRow(rows[i]!);
  return { items, nextCursor, nextAfter };
}
