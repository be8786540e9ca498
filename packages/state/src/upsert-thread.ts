import type { ThreadColumns } from './thread-columns';
import { inputToColumns, newRowColumns, type ParsedThreadInput } from './thread-input';
import type { ThreadRows } from './thread-rows';

/**
 * Writes one validated input: a new row over the defaults, or the given
 * fields over the stored row (fields the input leaves out keep their value).
 * Runs inside the caller's write transaction.
 */
export function upsertThreadRow(rows: ThreadRows, input: ParsedThreadInput): ThreadColumns {
  const existing = rows.get(input.threadId);
  const next = existing === undefined ? newRowColumns(input) : { ...existing, ...inputToColumns(input) };
  rows.put(next);
  return next;
}
