import type { FileHandle } from 'node:fs/promises';
import { parseRolloutLine } from '@threadkit/protocol';
import { fromFsError } from './errors';
import type { ObservedRecord } from './metadata';

/** Bytes read from the end of a rollout for its latest settings, token usage and session_meta copies. */
export const TAIL_WINDOW_BYTES = 64 * 1024;

// Only these records carry facts that change after the head; everything else
// in the window is skipped before it is parsed.
const LATE_FACT_MARKERS = ['"session_meta"', '"turn_context"', '"token_count"'];

function mayCarryLateFacts(line: string): boolean {
  const start = line.slice(0, 240);
  return LATE_FACT_MARKERS.some((marker) => start.includes(marker));
}

/**
 * The records of the last `windowBytes` (before `size`) of an open plain
 * rollout that can carry facts which change after the head: session_meta
 * copies, turn_context and token_count events, in file order. The first,
 * partial line of the window is dropped; unparseable lines are skipped as the
 * reader skips them.
 */
export async function readLateFactRecords(
  handle: FileHandle,
  path: string,
  size: number,
  windowBytes = TAIL_WINDOW_BYTES,
): Promise<ObservedRecord[]> {
  if (size <= 0 || windowBytes <= 0) return [];
  const start = Math.max(0, size - windowBytes);
  const buffer = Buffer.allocUnsafe(size - start);
  let length = 0;
  try {
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, start + length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
  } catch (err) {
    throw fromFsError(err, `cannot read ${path}`);
  }
  const lines = buffer.subarray(0, length).toString('utf8').split('\n');
  if (start > 0) lines.shift();
  const records: ObservedRecord[] = [];
  for (const text of lines) {
    if (!mayCarryLateFacts(text)) continue;
    const parsed = parseRolloutLine(text, { validatePayload: false, maxLength: Number.POSITIVE_INFINITY });
    if (!parsed.ok) continue;
    const { type, payload, timestamp } = parsed.line as ObservedRecord;
    if (type === 'event_msg' && (payload as { type?: unknown } | null)?.type !== 'token_count') continue;
    records.push({ type, payload, timestamp });
  }
  return records;
}
