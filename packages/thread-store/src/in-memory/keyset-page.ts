import { decodeThreadListCursor, encodeThreadListCursor } from '../cursor';
import type { SortDirection, ThreadSortKey } from '../types/common';
import type { ThreadRecord } from './thread-record';

export interface KeysetQuery {
  pageSize: number;
  cursor: string | null;
  sortKey: ThreadSortKey;
  sortDirection: SortDirection;
}

function sortValue(record: ThreadRecord, sortKey: ThreadSortKey): number {
  const f = record.fields;
  if (sortKey === 'created_at') return f.createdAt.getTime();
  if (sortKey === 'updated_at') return f.updatedAt.getTime();
  return f.recencyAt.getTime();
}

function compareKeys(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * Sorts by `(sort value, thread id)` and returns the page after the cursor.
 * The id breaks ties, so threads with equal timestamps are neither skipped
 * nor repeated across pages. The cursor is validated before anything else.
 */
export function keysetPage(records: readonly ThreadRecord[], query: KeysetQuery) {
  const { sortKey, sortDirection, pageSize } = query;
  const anchor = query.cursor === null ? null : decodeThreadListCursor(query.cursor, { sortKey, sortDirection });
  const sign = sortDirection === 'asc' ? 1 : -1;
  const keyed = records.map((record) => ({
    record,
    key: [sortValue(record, sortKey), record.fields.threadId] as [number, string],
  }));
  const after = anchor
    ? keyed.filter(({ key }) => sign * compareKeys(key, [anchor.value, anchor.threadId]) > 0)
    : keyed;
  after.sort((a, b) => sign * compareKeys(a.key, b.key));
  const page = after.slice(0, pageSize);
  const last = page[page.length - 1];
  const nextCursor =
    after.length > pageSize && last
      ? encodeThreadListCursor({ sortKey, sortDirection, value: last.key[0], threadId: last.record.fields.threadId })
      : null;
  return { records: page.map(({ record }) => record), nextCursor };
}
