import { closeSync, openSync, readSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseRolloutLine, parseThreadId } from '@threadkit/protocol';
import { type ObservedRecord, TAIL_WINDOW_BYTES } from '@threadkit/rollout';

const CHUNK_BYTES = 1024 * 1024;
/** Chunks read between two turns of the event loop (a page-cache read of one takes well under a millisecond). */
const CHUNKS_PER_TURN = 8;
/** A record names its kind near the start of its line (the tail window looks as far). */
const KIND_SPAN = 240;
const MARKERS = ['"session_meta"', '"turn_context"', '"token_count"'].map((marker) => Buffer.from(marker));
/** Bytes before the scanned position compared again, to tell a grown file from a rewritten one. */
const CHECK_BYTES = 64;
/** Files whose scan is remembered; the oldest is forgotten first. */
const MAX_REMEMBERED = 20_000;

// Only what metadata extraction reads from these records is kept, so a
// remembered scan stays small whatever the records carried.
const SESSION_META_KEYS = ['id', 'git', 'memory_mode', 'thread_source', 'agent_nickname', 'agent_role', 'agent_type', 'agent_path', 'source'];
const TURN_CONTEXT_KEYS = ['model', 'effort', 'approval_policy', 'sandbox_policy', 'permission_profile'];

/** The last record of each kind that carries facts which change after the head. */
interface LateRecords {
  sessionMeta?: ObservedRecord;
  sessionMetaWithGit?: ObservedRecord;
  turnContext?: ObservedRecord;
  tokenCount?: ObservedRecord;
}

interface Scan {
  threadId: string;
  records: LateRecords;
  /** End of the last complete line scanned. */
  offset: number;
  /** The bytes just before `offset`, as scanned. */
  before: Buffer;
}

const remembered = new Map<string, Scan>();

/** Bytes read by these scans in this process (what remembering saves shows here). */
export const lateFactScanStats = { bytesRead: 0 };

function pick(payload: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of keys) if (key in payload) kept[key] = payload[key];
  return kept;
}

const NEWLINE = 0x0a;

/** The complete line of `region` around byte `at`. */
function lineAround(region: Buffer, at: number): { start: number; end: number } {
  const start = region.lastIndexOf(NEWLINE, at) + 1;
  const newline = region.indexOf(NEWLINE, at);
  return { start, end: newline === -1 ? region.length : newline };
}

function parseRecord(line: Buffer): ObservedRecord | undefined {
  const parsed = parseRolloutLine(line.toString('utf8'), { validatePayload: false, maxLength: Number.POSITIVE_INFINITY });
  if (!parsed.ok) return undefined;
  const { type, payload, timestamp } = parsed.line as ObservedRecord;
  return typeof payload === 'object' && payload !== null ? { type, payload, timestamp } : undefined;
}

/**
 * The records of `region` (complete lines) whose line names `marker` near its
 * start, last first, that `accept` takes, until it says it has seen enough.
 * Only lines with the marker are looked at: the search skips the rest.
 */
function lastRecords(
  region: Buffer,
  marker: Buffer,
  accept: (record: ObservedRecord) => boolean,
  skipFirstLine = false,
): void {
  let at = region.lastIndexOf(marker);
  while (at !== -1) {
    const line = lineAround(region, at);
    const head = region.subarray(line.start, Math.min(line.end, line.start + KIND_SPAN));
    if (head.includes(marker) && !(skipFirstLine && line.start === 0)) {
      const record = parseRecord(region.subarray(line.start, line.end));
      if (record && accept(record)) return;
    }
    at = line.start > 0 ? region.lastIndexOf(marker, line.start - 1) : -1;
  }
}

/**
 * Updates `records` with the last records of each kind in `region`, a run of
 * complete lines later than any before. The file's first line is left out:
 * it is the thread's own session_meta, which the head already holds.
 */
function takeLast(records: LateRecords, region: Buffer, threadId: string, startsFile: boolean): void {
  const [sessionMeta, turnContext, tokenCount] = MARKERS as [Buffer, Buffer, Buffer];
  let last: ObservedRecord | undefined;
  lastRecords(region, sessionMeta, (record) => {
    const payload = record.payload as Record<string, unknown>;
    if (record.type !== 'session_meta' || parseThreadId(payload.id) !== threadId) return false;
    const kept = { type: record.type, timestamp: record.timestamp, payload: pick(payload, SESSION_META_KEYS) };
    last ??= kept;
    if (!('git' in payload)) return false;
    records.sessionMetaWithGit = kept;
    return true;
  }, startsFile);
  if (last) records.sessionMeta = last;
  lastRecords(region, turnContext, (record) => {
    if (record.type !== 'turn_context') return false;
    records.turnContext = { ...record, payload: pick(record.payload as Record<string, unknown>, TURN_CONTEXT_KEYS) };
    return true;
  });
  lastRecords(region, tokenCount, (record) => {
    if (record.type !== 'event_msg' || (record.payload as { type?: unknown }).type !== 'token_count') return false;
    records.tokenCount = record;
    return true;
  });
}

// Reads block: from the page cache they take microseconds, less than an
// asynchronous read's round trip through the thread pool.
function readAt(fd: number, buffer: Buffer, length: number, position: number): Buffer {
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(fd, buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  lateFactScanStats.bytesRead += filled;
  return buffer.subarray(0, filled);
}

/** Where the line that starts at `position` ends (after its newline); undefined when it has none before `size`. */
async function endOfLine(fd: number, buffer: Buffer, position: number, size: number): Promise<number | undefined> {
  for (let at = position, chunks = 1; at < size; chunks++) {
    if (chunks % CHUNKS_PER_TURN === 0) await nextTurn();
    const bytes = readAt(fd, buffer, Math.min(buffer.length, size - at), at);
    if (bytes.length === 0) return undefined;
    const newline = bytes.indexOf(NEWLINE);
    if (newline !== -1) return at + newline + 1;
    at += bytes.length;
  }
  return undefined;
}

const mayCarryLateFacts = (lineStart: Buffer) => MARKERS.some((marker) => lineStart.subarray(0, KIND_SPAN).includes(marker));

/**
 * Scans the lines that start between `from` (a line start) and `limit` into
 * `records`, the last of them read to its end even past `limit`. Returns
 * where the last line scanned ends; a line not yet complete at `size` is left
 * for a later scan.
 */
async function scanLines(
  fd: number,
  from: number,
  limit: number,
  size: number,
  records: LateRecords,
  threadId: string,
): Promise<number> {
  let buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - from));
  let position = from;
  for (let chunks = 1; position < limit; chunks++) {
    if (chunks % CHUNKS_PER_TURN === 0) await nextTurn();
    const bytes = readAt(fd, buffer, Math.min(buffer.length, size - position), position);
    if (bytes.length === 0) break;
    // The complete lines read; once the limit is in reach, up to the end of the line it falls in.
    const lastBeforeLimit = limit - position - 1;
    const limitLineEnd = lastBeforeLimit < bytes.length ? bytes.indexOf(NEWLINE, lastBeforeLimit) : -1;
    const end = (limitLineEnd !== -1 ? limitLineEnd : bytes.lastIndexOf(NEWLINE)) + 1;
    if (end > 0) {
      takeLast(records, bytes.subarray(0, end), threadId, position === 0);
      position += end;
      continue;
    }
    // One line longer than the buffer, or a last line still being written.
    if (position + bytes.length >= size) break;
    if (mayCarryLateFacts(bytes)) {
      buffer = Buffer.allocUnsafe(buffer.length * 2);
      continue;
    }
    const next = await endOfLine(fd, buffer, position + bytes.length, size);
    if (next === undefined) break;
    position = next;
  }
  return position;
}

function remember(path: string, scan: Scan): void {
  remembered.delete(path);
  remembered.set(path, scan);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
}

/**
 * The records a summary's tail window cannot see in a plain rollout longer
 * than the window: the thread's last session_meta (and last one with `git`),
 * last turn_context and last token_count among the lines before the window,
 * in file order. A memory-mode or git change recorded long before the end is
 * still what the file says. Each file's scan is remembered, so a file that
 * grew is read only where it grew (after checking the bytes before that are
 * unchanged); one that shrank or changed is scanned again. `size` is the size
 * the window was read at.
 */
export async function recordsBeforeTailWindow(actualPath: string, threadId: string, size: number): Promise<ObservedRecord[]> {
  const limit = size - TAIL_WINDOW_BYTES;
  if (limit <= 0) return [];
  let fd: number;
  try {
    fd = openSync(actualPath, 'r');
  } catch (error) {
    // Moved or compressed since its head was read: the next look at it reads it where it is.
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
  try {
    let scan = remembered.get(actualPath);
    if (scan && (scan.threadId !== threadId || scan.offset > size)) scan = undefined;
    if (scan && scan.before.length > 0) {
      const check = Buffer.alloc(scan.before.length);
      const bytesRead = readSync(fd, check, 0, check.length, scan.offset - check.length);
      if (bytesRead !== check.length || !check.equals(scan.before)) scan = undefined;
    }
    const records: LateRecords = scan ? { ...scan.records } : {};
    const from = scan?.offset ?? 0;
    const offset = from < limit ? await scanLines(fd, from, limit, size, records, threadId) : from;
    if (offset !== from || !scan) {
      const before = Buffer.alloc(Math.min(CHECK_BYTES, offset));
      if (before.length > 0) readSync(fd, before, 0, before.length, offset - before.length);
      remember(actualPath, { threadId, records, offset, before });
    }
    const { sessionMetaWithGit, sessionMeta, turnContext, tokenCount } = records;
    const inOrder = [sessionMetaWithGit, sessionMeta === sessionMetaWithGit ? undefined : sessionMeta, turnContext, tokenCount];
    return inOrder.filter((record): record is ObservedRecord => record !== undefined);
  } finally {
    closeSync(fd);
  }
}
