import { parseRolloutLine } from '@threadkit/protocol';
import type { PositionalReader } from './byte-source';
import type { ObservedRecord } from './metadata';

/** Bytes read from the end of a rollout for its latest settings, token usage and session_meta copies. */
export const TAIL_WINDOW_BYTES = 64 * 1024;

// Only these records carry facts that change after the head; everything else
// in the window is skipped before it is parsed.
const LATE_FACT_MARKERS = ['"session_meta"', '"turn_context"', '"token_count"'];
const MARKER_BYTES = LATE_FACT_MARKERS.map((marker) => Buffer.from(marker));
/** A record names its kind within this many characters of the start of its line. */
const KIND_SPAN = 240;
/** The bytes those characters can take in UTF-8 (a UTF-16 unit is at most 3 bytes). */
const KIND_SPAN_BYTES = KIND_SPAN * 3;

/** True when the line names a late-fact kind near its start (the cheap test before parsing). */
export function mayCarryLateFacts(line: string): boolean {
  const start = line.slice(0, KIND_SPAN);
  return LATE_FACT_MARKERS.some((marker) => start.includes(marker));
}

/** session_meta, turn_context and token_count records: the ones whose facts change after the head. */
export function isLateFactKind(type: string, payload: unknown): boolean {
  if (type === 'session_meta' || type === 'turn_context') return true;
  return type === 'event_msg' && (payload as { type?: unknown } | null)?.type === 'token_count';
}

/** The record of a line that may carry late facts, or undefined when it does not parse or carries none. */
export function lateFactRecord(text: string): ObservedRecord | undefined {
  const parsed = parseRolloutLine(text, { validatePayload: false, maxLength: Number.POSITIVE_INFINITY });
  if (!parsed.ok) return undefined;
  const { type, payload, timestamp } = parsed.line as ObservedRecord;
  return isLateFactKind(type, payload) ? { type, payload, timestamp } : undefined;
}

/**
 * Appends to `out`, in file order, the late-fact records of the lines of
 * `bytes[from, to)` (the last one may lack its `\n`). With `dropFirst`, the
 * text up to the first `\n` is skipped: the window began inside a line.
 * Only lines that name a marker near their start are decoded and parsed.
 */
export function scanLateFacts(bytes: Buffer, from: number, to: number, dropFirst: boolean, out: ObservedRecord[]): void {
  let start = from;
  if (dropFirst) {
    const newline = bytes.indexOf(10, from);
    if (newline === -1 || newline >= to) return;
    start = newline + 1;
  }
  const region = bytes.subarray(start, to);
  const lineStarts: number[] = [];
  for (const marker of MARKER_BYTES) {
    let at = region.indexOf(marker);
    while (at !== -1) {
      const lineStart = region.lastIndexOf(10, at) + 1;
      if (at - lineStart < KIND_SPAN_BYTES) lineStarts.push(lineStart);
      // Later mentions in the same line change nothing: go on from its end.
      const lineEnd = region.indexOf(10, at);
      if (lineEnd === -1) break;
      at = region.indexOf(marker, lineEnd + 1);
    }
  }
  if (lineStarts.length === 0) return;
  lineStarts.sort((a, b) => a - b);
  let previous = -1;
  for (const lineStart of lineStarts) {
    if (lineStart === previous) continue;
    previous = lineStart;
    const newline = region.indexOf(10, lineStart);
    const text = region.toString('utf8', lineStart, newline === -1 ? region.length : newline);
    if (!mayCarryLateFacts(text)) continue;
    const record = lateFactRecord(text);
    if (record) out.push(record);
  }
}

/**
 * The late-fact records of `[from, size)` of an open plain rollout (at most a
 * window's worth of bytes), read into `buffer` when it is large enough. See
 * {@link scanLateFacts} for `dropFirst`.
 */
export async function readLateFactRecords(
  reader: PositionalReader,
  from: number,
  size: number,
  dropFirst: boolean,
  buffer: Buffer,
  out: ObservedRecord[],
): Promise<void> {
  if (size <= from) return;
  const wanted = size - from;
  const target = buffer.length >= wanted ? buffer : Buffer.allocUnsafe(wanted);
  let length = 0;
  while (length < wanted) {
    const bytesRead = await reader.read(target.subarray(length), wanted - length, from + length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  scanLateFacts(target, 0, length, dropFirst, out);
}
