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

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const LINE_START = bytesOf('{"timestamp":"');
const ORDINAL = bytesOf(',"ordinal":');
const TYPE = bytesOf(',"type":"');
const SESSION_META = bytesOf('session_meta"');
const TURN_CONTEXT = bytesOf('turn_context"');
const EVENT_MSG = bytesOf('event_msg"');
const EVENT_TYPE = bytesOf('event_msg","payload":{"type":"');
const TOKEN_COUNT = bytesOf('token_count"');
/** A timestamp is shorter than this; a longer value is not the usual layout. */
const TIMESTAMP_SPAN = 64;

function bytesAt(bytes: Buffer, at: number, expected: Buffer): boolean {
  if (at + expected.length > bytes.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/**
 * Whether the line `[start, end)` is of a late-fact kind, read from the
 * envelope when the line has the layout Codex and threadkit write
 * (`{"timestamp":"…",["ordinal":n,]"type":"<kind>"`, and for events
 * `"payload":{"type":"<event>"`); undefined when it has another layout.
 */
function lateFactKindOf(bytes: Buffer, start: number, end: number): boolean | undefined {
  if (!bytesAt(bytes, start, LINE_START)) return undefined;
  let at = start + LINE_START.length;
  const limit = Math.min(end, at + TIMESTAMP_SPAN);
  while (at < limit && bytes[at] !== 0x22 && bytes[at] !== 0x5c) at++;
  if (at >= limit || bytes[at] !== 0x22) return undefined;
  at++;
  if (bytesAt(bytes, at, ORDINAL)) {
    at += ORDINAL.length;
    while (at < end && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) at++;
  }
  if (!bytesAt(bytes, at, TYPE)) return undefined;
  at += TYPE.length;
  if (bytesAt(bytes, at, SESSION_META) || bytesAt(bytes, at, TURN_CONTEXT)) return true;
  if (!bytesAt(bytes, at, EVENT_MSG)) return false;
  return bytesAt(bytes, at, EVENT_TYPE) ? bytesAt(bytes, at + EVENT_TYPE.length, TOKEN_COUNT) : undefined;
}

/** The slow way, for lines of another layout: a marker among the line's first bytes. */
function namesMarkerNearStart(bytes: Buffer, start: number, end: number): boolean {
  const head = bytes.subarray(start, Math.min(end, start + KIND_SPAN_BYTES));
  return MARKER_BYTES.some((marker) => head.includes(marker));
}

/**
 * Appends to `out`, in file order, the late-fact records of the lines of
 * `bytes[from, to)` (the last one may lack its `\n`). With `dropFirst`, the
 * text up to the first `\n` is skipped: the window began inside a line.
 * A line's kind is read from its envelope bytes; only late-fact lines are
 * decoded and parsed.
 */
export function scanLateFacts(bytes: Buffer, from: number, to: number, dropFirst: boolean, out: ObservedRecord[]): void {
  let start = from;
  if (dropFirst) {
    const newline = bytes.indexOf(10, from);
    if (newline === -1 || newline >= to) return;
    start = newline + 1;
  }
  const region = bytes.subarray(start, to);
  for (let lineStart = 0; lineStart < region.length; ) {
    let lineEnd = region.indexOf(10, lineStart);
    if (lineEnd === -1) lineEnd = region.length;
    const late = lateFactKindOf(region, lineStart, lineEnd) ?? namesMarkerNearStart(region, lineStart, lineEnd);
    if (late) {
      const text = region.toString('utf8', lineStart, lineEnd);
      const record = mayCarryLateFacts(text) ? lateFactRecord(text) : undefined;
      if (record) out.push(record);
    }
    lineStart = lineEnd + 1;
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
