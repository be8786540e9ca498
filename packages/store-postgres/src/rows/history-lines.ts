import {
  parseRolloutLine,
  type RolloutLine,
  serializeRolloutLine,
  toRolloutItem,
  toRolloutLine,
  type UnknownRolloutLine,
} from '@threadkit/protocol';
import { searchableTexts, ThreadStoreError, type ThreadHistoryItem } from '@threadkit/thread-store';

/** One history item as an items row: its rollout line, and the text search looks at. */
export interface EncodedItem {
  line: string;
  contentText: string | null;
}

const ITEM_KEYS = new Set(['type', 'payload', 'metadata']);

// PostgreSQL text cannot hold U+0000; search text loses nothing that matters without it.
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

function contentTextOf(item: { type: string; payload: unknown }): string | null {
  const texts = searchableTexts(item);
  return texts.length === 0 ? null : withoutNul(texts.join('\n'));
}

/** Encodes a line that already has its envelope (an import keeps the original timestamps). */
export function encodeRolloutLine(line: RolloutLine | UnknownRolloutLine): EncodedItem {
  return { line: serializeRolloutLine(line), contentText: contentTextOf(line) };
}

/**
 * Encodes an appended item as the line Codex would write, stamped `at`.
 * Top-level keys of the item beyond type, payload and metadata are kept as
 * the line's own fields, so nothing is lost.
 */
export function encodeHistoryItem(item: ThreadHistoryItem, at: Date): EncodedItem {
  const line = toRolloutLine(item, at) as RolloutLine;
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(item)) {
    if (ITEM_KEYS.has(key)) continue;
    extra ??= {};
    extra[key] = (item as unknown as Record<string, unknown>)[key];
  }
  if (extra) (line as { extra?: Record<string, unknown> }).extra = extra as never;
  return encodeRolloutLine(line);
}

/** Decodes a stored line back to the history item it was made from. */
export function decodeHistoryLine(line: string, threadId: string, seq: number): ThreadHistoryItem {
  const parsed = parseRolloutLine(line, { validatePayload: false });
  if (!parsed.ok) {
    throw ThreadStoreError.internal(`item ${seq} of thread ${threadId} is not a rollout line: ${parsed.error.message}`, {
      threadId,
    });
  }
  const item = toRolloutItem(parsed.line) as ThreadHistoryItem;
  const extra = parsed.line.extra;
  return extra ? ({ ...item, ...extra } as ThreadHistoryItem) : item;
}
