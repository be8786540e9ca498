import type { ThreadColumns } from './thread-columns';
import { applyPatchToColumns, type ParsedThreadIndexPatch } from './thread-patch';
import type { ThreadRows } from './thread-rows';

/**
 * Applies a validated patch to an existing row. An unknown thread gets
 * nothing written and `undefined` back: patches never create rows.
 * Runs inside the caller's write transaction, so the read and the write see
 * the same row even with other writers around.
 */
export function patchThreadRow(
  rows: ThreadRows,
  threadId: string,
  patch: ParsedThreadIndexPatch,
): ThreadColumns | undefined {
  const current = rows.get(threadId);
  if (current === undefined) return undefined;
  const next = applyPatchToColumns(current, patch);
  rows.put(next);
  return next;
}
