import {
  decodeThreadListCursor,
  encodeThreadListCursor,
  type SortDirection,
  type ThreadSortKey,
} from '@threadkit/thread-store';
import type { SqlParams } from './sql-params';
import { rowSortValue, type ThreadRow } from './thread-row';

const SORT_COLUMNS = {
  created_at: 'created_at_ms',
  updated_at: 'updated_at_ms',
  recency_at: 'recency_at_ms',
} as const satisfies Record<ThreadSortKey, string>;

export interface KeysetQuery {
  pageSize: number;
  cursor: string | null;
  sortKey: ThreadSortKey;
  sortDirection: SortDirection;
}

/**
 * The keyset part of a page query over `(sort value, thread_id)`: the
 * condition that starts after the cursor (null on the first page), the
 * ORDER BY, and the LIMIT (one more row than the page, to know whether
 * anything follows). The thread id breaks ties, so threads with equal
 * timestamps are never skipped or repeated. The cursor is decoded (and
 * rejected when malformed or made for another sort) before any SQL runs.
 */
export function keysetClauses(query: KeysetQuery, params: SqlParams, alias: string) {
  const column = `${alias}.${SORT_COLUMNS[query.sortKey]}`;
  const id = `${alias}.thread_id`;
  const descending = query.sortDirection === 'desc';
  let after: string | null = null;
  if (query.cursor !== null) {
    const anchor = decodeThreadListCursor(query.cursor, query);
    after = `(${column}, ${id}) ${descending ? '<' : '>'} (${params.bind(anchor.value)}::bigint, ${params.bind(anchor.threadId)}::uuid)`;
  }
  const direction = descending ? 'DESC' : 'ASC';
  return {
    after,
    orderBy: `ORDER BY ${column} ${direction}, ${id} ${direction}`,
    limit: `LIMIT ${params.bind(query.pageSize + 1)}`,
  };
}

/** Cuts the extra row off and makes the cursor of the page's last row, if anything follows. */
export function keysetPage<Row extends ThreadRow>(rows: Row[], query: KeysetQuery): { rows: Row[]; nextCursor: string | null } {
  if (rows.length <= query.pageSize) return { rows, nextCursor: null };
  const page = rows.slice(0, query.pageSize);
  const last = page[page.length - 1]!;
  return {
    rows: page,
    nextCursor: encodeThreadListCursor({
      sortKey: query.sortKey,
      sortDirection: query.sortDirection,
      value: rowSortValue(last, SORT_COLUMNS[query.sortKey]),
      threadId: last.thread_id,
    }),
  };
}
