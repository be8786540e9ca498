import { isKnownRolloutItemType, isThreadId, rolloutPayloadIssue, type ThreadId } from '@threadkit/protocol';
import type { ThreadHistoryItem } from './types/common';
import type { ParsedAppendThreadItemsParams } from './types/append-thread-items-params';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The item as AppendThreadItemsParamsSchema outputs it (a shallow copy, same key order), or undefined. */
function checkedCopy(item: unknown): ThreadHistoryItem | undefined {
  if (!isPlainObject(item)) return undefined;
  const { type, payload, metadata } = item;
  if (typeof type !== 'string' || type === '' || payload === undefined) return undefined;
  if (isKnownRolloutItemType(type) && rolloutPayloadIssue(type, payload) !== undefined) return undefined;
  const copy: Record<string, unknown> = { type, payload };
  if ('metadata' in item) {
    if (!isPlainObject(metadata)) return undefined;
    copy.metadata = { ...metadata };
  }
  for (const key in item) if (!(key in copy)) copy[key] = item[key];
  return copy as unknown as ThreadHistoryItem;
}

/**
 * Append params checked with protocol's compiled payload predicates instead
 * of zod: the same answer for valid params, without zod's allocations on
 * every item of every append. Undefined when anything is off (or merely
 * unusual); the caller then runs the zod schema, which names the field.
 */
export function appendParamsFastPath(input: unknown): ParsedAppendThreadItemsParams | undefined {
  if (!isPlainObject(input)) return undefined;
  const { threadId, items } = input;
  if (!isThreadId(threadId) || !Array.isArray(items)) return undefined;
  const copies = new Array<ThreadHistoryItem>(items.length);
  for (let i = 0; i < items.length; i++) {
    const copy = checkedCopy(items[i]);
    if (copy === undefined) return undefined;
    copies[i] = copy;
  }
  return { threadId: threadId.toLowerCase() as ThreadId, items: copies };
}
