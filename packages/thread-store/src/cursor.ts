import { isThreadId, type ThreadId } from '@threadkit/protocol';
import { ThreadStoreError } from './errors';
import type { SortDirection, ThreadSortKey } from './types/common';

/**
 * The position after which the next page starts: the last returned thread's
 * sort value (epoch milliseconds) and id. Keyset paging on `(value, id)`
 * never skips or repeats threads whose timestamps tie.
 */
export interface ThreadListCursor {
  sortKey: ThreadSortKey;
  sortDirection: SortDirection;
  value: number;
  threadId: ThreadId;
}

const PREFIX = 'tk1.';
const SORT_KEY_CODES: Record<ThreadSortKey, string> = { created_at: 'c', updated_at: 'u', recency_at: 'r' };
const SORT_DIRECTION_CODES: Record<SortDirection, string> = { asc: 'a', desc: 'd' };

function invalidCursor(reason: string): ThreadStoreError {
  return ThreadStoreError.invalidRequest(`invalid cursor: ${reason}`, { field: 'cursor' });
}

/** Encodes a cursor as an opaque URL-safe string. */
export function encodeThreadListCursor(cursor: ThreadListCursor): string {
  const body = [
    SORT_KEY_CODES[cursor.sortKey],
    SORT_DIRECTION_CODES[cursor.sortDirection],
    cursor.value,
    cursor.threadId,
  ];
  return PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeThreadListCursor} for the same sort
 * key and direction. Anything else is ThreadStoreError `invalid_request`
 * naming `cursor`.
 */
export function decodeThreadListCursor(
  cursor: string,
  expected: { sortKey: ThreadSortKey; sortDirection: SortDirection },
): ThreadListCursor {
  if (!cursor.startsWith(PREFIX)) throw invalidCursor('not a cursor returned by this store');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch (cause) {
    throw ThreadStoreError.invalidRequest('invalid cursor: not a cursor returned by this store', {
      field: 'cursor',
      cause,
    });
  }
  if (!Array.isArray(body) || body.length !== 4) throw invalidCursor('not a cursor returned by this store');
  const [keyCode, directionCode, value, threadId] = body as unknown[];
  const sortKey = (Object.keys(SORT_KEY_CODES) as ThreadSortKey[]).find((k) => SORT_KEY_CODES[k] === keyCode);
  const sortDirection = (Object.keys(SORT_DIRECTION_CODES) as SortDirection[]).find(
    (d) => SORT_DIRECTION_CODES[d] === directionCode,
  );
  if (
    !sortKey ||
    !sortDirection ||
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    !isThreadId(threadId)
  ) {
    throw invalidCursor('not a cursor returned by this store');
  }
  if (sortKey !== expected.sortKey || sortDirection !== expected.sortDirection) {
    throw invalidCursor(
      `made for sortKey ${sortKey} ${sortDirection}, used with ${expected.sortKey} ${expected.sortDirection}`,
    );
  }
  return { sortKey, sortDirection, value, threadId: threadId.toLowerCase() as ThreadId };
}
