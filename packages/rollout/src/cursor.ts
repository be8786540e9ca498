import { isThreadId } from '@threadkit/protocol';
import { RolloutError } from './errors';

/** What file-scan listings can sort by: the file-name time, or the file's modification time. */
export type RolloutSortKey = 'created_at' | 'updated_at';
export type SortDirection = 'asc' | 'desc';

/** A position in a listing: the sort value and rollout id of the last file passed. */
export interface RolloutListPosition {
  key: RolloutSortKey;
  /** Epoch milliseconds (the name's wall-clock time for created_at, mtime for updated_at). */
  value: number;
  rolloutId: string;
}

/** Opaque cursor: base64url of `{"k","v","id"}`. */
export function encodeRolloutListCursor(position: RolloutListPosition): string {
  const json = JSON.stringify({ k: position.key, v: position.value, id: position.rolloutId });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeRolloutListCursor} for the same sort key; anything else is `invalid_request`. */
export function decodeRolloutListCursor(cursor: unknown, key: RolloutSortKey): RolloutListPosition {
  const invalid = (why: string) => new RolloutError('invalid_request', `invalid cursor: ${why}`);
  if (typeof cursor !== 'string' || cursor === '' || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('not a cursor returned by a listing');
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor returned by a listing');
  }
  if (typeof value !== 'object' || value === null) throw invalid('not a cursor returned by a listing');
  const { k, v, id } = value as Record<string, unknown>;
  if (k !== 'created_at' && k !== 'updated_at') throw invalid('unknown sort key');
  if (k !== key) throw invalid(`made for sort key ${k}, not ${key}`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid('bad sort value');
  if (!isThreadId(id)) throw invalid('bad id');
  return { key: k, value: v, rolloutId: id.toLowerCase() };
}

/** Compares two (value, id) positions in ascending order. */
export function comparePositions(aValue: number, aId: string, bValue: number, bId: string): number {
  if (aValue !== bValue) return aValue < bValue ? -1 : 1;
  if (aId !== bId) return aId < bId ? -1 : 1;
  return 0;
}
