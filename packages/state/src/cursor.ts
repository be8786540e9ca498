import { isThreadId } from '@threadkit/protocol';
import { invalidRequest } from './errors';

export type ThreadSortKey = 'created_at' | 'updated_at' | 'recency_at';
export type SortDirection = 'asc' | 'desc';

/** The last row of a page: paging resumes strictly after `(value, threadId)` in sort order. */
export interface CursorPosition {
  sortKey: ThreadSortKey;
  direction: SortDirection;
  valueMs: number;
  threadId: string;
}

const CURSOR_FORMAT_VERSION = 1;
const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** base64url of `{"v":1,"k":<sort key>,"d":<direction>,"t":<ms>,"id":<thread id>}`. */
export function encodeCursor(position: CursorPosition): string {
  const payload = {
    v: CURSOR_FORMAT_VERSION,
    k: position.sortKey,
    d: position.direction,
    t: position.valueMs,
    id: position.threadId,
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor} for a query with this sort key
 * and direction. Anything else (garbage, another format version, a cursor
 * from a differently sorted query) is `invalid_request` on `field`.
 */
export function decodeCursor(
  cursor: string,
  expected: { sortKey: ThreadSortKey; direction: SortDirection },
  field = 'cursor',
): CursorPosition {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw invalidRequest(field, 'not a cursor returned by this index');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidRequest(field, 'not a cursor returned by this index');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalidRequest(field, 'not a cursor returned by this index');
  }
  const { v, k, d, t, id } = payload as Record<string, unknown>;
  if (v !== CURSOR_FORMAT_VERSION) throw invalidRequest(field, `unsupported cursor version ${String(v)}`);
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || !isThreadId(id)) {
    throw invalidRequest(field, 'not a cursor returned by this index');
  }
  if (k !== expected.sortKey || d !== expected.direction) {
    throw invalidRequest(
      field,
      `cursor belongs to a ${String(k)} ${String(d)} listing, not ${expected.sortKey} ${expected.direction}`,
    );
  }
  return { sortKey: expected.sortKey, direction: expected.direction, valueMs: t, threadId: id.toLowerCase() };
}
