import type { ThreadColumns } from './thread-columns';
import { newRowColumns, type ParsedThreadInput } from './thread-input';
import type { ThreadRows } from './thread-rows';

/**
 * Writes a new row for the input's thread unless it already has one, inside
 * the caller's write transaction (BEGIN IMMEDIATE), so the check and the
 * insert cannot be split by another writer. Returns the row now stored and
 * whether it is the one just inserted.
 */
export function insertThreadRowIfAbsent(
  rows: ThreadRows,
  input: ParsedThreadInput,
): { row: ThreadColumns; inserted: boolean } {
  const existing = rows.get(input.threadId);
  if (existing !== undefined) return { row: existing, inserted: false };
  const row = newRowColumns(input);
  rows.insert(row);
  return { row, inserted: true };
}
