import { openPositionalReader, rolloutChunks } from './byte-source';
import { LineSplitter } from './line-splitter';
import { type ObservedRecord, type ThreadFileMetadata, ThreadMetadataExtractor } from './metadata';
import { LineDecoder, type ReadLine, type SkippedLineCounts } from './reader';
import { type ExistingRolloutFile, type ResolvedRolloutFile, resolveRolloutFile } from './resolve-file';
import { isLateFactKind, lateFactRecord, mayCarryLateFacts, readLateFactRecords, scanLateFacts } from './tail-window';

/** Non-blank lines a summary reads first (Codex's `HEAD_RECORD_LIMIT`). */
export const HEAD_LINE_LIMIT = 10;
/** Extra lines read, after a session_meta, while no preview has appeared (Codex's `USER_EVENT_SCAN_LIMIT`). */
export const HEAD_PREVIEW_EXTENSION = 200;

const HEAD_CHUNK = 64 * 1024;

export interface RolloutHead {
  /** The logical (plain `.jsonl`) path. */
  path: string;
  actualPath: string;
  /** The decoded lines read, in order. */
  lines: ReadLine[];
  /** Non-blank lines read (parseable or not). */
  linesScanned: number;
  skipped: SkippedLineCounts;
  /** Undefined when no session_meta of the thread was found in the head. */
  metadata: ThreadFileMetadata | undefined;
  /** Session_meta and preview both found: the file appears in listings. */
  listable: boolean;
  /**
   * With `tailWindowBytes`: the session_meta, turn_context and token_count
   * records of the file's last bytes, in file order (none for `.zst` files,
   * which cannot be read from the end).
   */
  tailRecords: ObservedRecord[];
}

export interface ReadHeadOptions {
  /** Only accept a session_meta with this id (e.g. the id in the file name). */
  threadId?: string;
  /** Override the limits (for tests and tools); defaults 10 and 200. */
  lineLimit?: number;
  previewExtension?: number;
  /**
   * Also read the late-fact records of the last this-many bytes (see
   * `tailRecords`), through the same open file: one open per file for a
   * summary of head and tail. Default 0 (no tail).
   */
  tailWindowBytes?: number;
  /**
   * Where the file is, when the caller already knows (from a directory scan):
   * the lookup is skipped, and with a `stat` the tail window ends at the size
   * the caller saw, so what was read matches the size it records. With a
   * `stat`, a plain file is read with blocking reads: such callers summarize
   * thousands of files in a row, and from the page cache a read takes
   * microseconds, less than an asynchronous read's thread-pool round trip.
   * They yield to the event loop between files themselves.
   */
  file?: ResolvedRolloutFile | ExistingRolloutFile;
}

/** Read buffers of HEAD_CHUNK bytes, reused across reads (a summary of a home reads thousands). */
const spareChunks: Buffer[] = [];
const MAX_SPARE_CHUNKS = 32;

function takeChunk(): Buffer {
  return spareChunks.pop() ?? Buffer.allocUnsafe(HEAD_CHUNK);
}

function giveBack(chunk: Buffer): void {
  if (spareChunks.length < MAX_SPARE_CHUNKS) spareChunks.push(chunk);
}

/** A late-fact candidate among the head's lines, with where its line starts and ends. */
interface HeadFact {
  start: number;
  end: number;
  record: ObservedRecord;
}

/**
 * Reads just enough of a rollout to summarise it: the first 10 non-blank
 * lines, extended by up to 200 more while a session_meta has been seen but no
 * preview or first user message yet. Stops early; never reads the rest.
 */
export async function readRolloutHead(path: string, options: ReadHeadOptions = {}): Promise<RolloutHead> {
  const lineLimit = options.lineLimit ?? HEAD_LINE_LIMIT;
  const maxLines = lineLimit + (options.previewExtension ?? HEAD_PREVIEW_EXTENSION);
  const file = options.file ?? (await resolveRolloutFile(path));
  const windowBytes = file.compressed ? 0 : (options.tailWindowBytes ?? 0);
  const decoder = new LineDecoder('structure');
  const extractor = new ThreadMetadataExtractor(options.threadId);
  const lines: ReadLine[] = [];
  const headFacts: HeadFact[] = [];
  let done = false;
  /** Where the lines the head took end: the tail window goes on from there. */
  let headEnd = 0;

  const shouldStop = (): boolean => {
    const scanned = decoder.nonBlankLines;
    if (scanned < lineLimit) return false;
    if (scanned >= maxLines) return true;
    return !extractor.hasSessionMeta || extractor.hasSummary;
  };
  const splitter = new LineSplitter(
    (text) => {
      if (done) return;
      const line = decoder.decode(text);
      if (line) {
        lines.push(line);
        extractor.observe(line);
      }
      if (windowBytes > 0 && mayCarryLateFacts(text)) {
        // Kept for the tail window, which may cover these lines: they are not read or parsed twice.
        const record = line ? { type: line.type, payload: line.payload, timestamp: line.timestamp } : lateFactRecord(text);
        if (record && isLateFactKind(record.type, record.payload)) {
          headFacts.push({ start: splitter.lineStart, end: splitter.lineEnd, record });
        }
      }
      headEnd = splitter.lineEnd;
      done = shouldStop();
    },
    () => {
      if (done) return;
      decoder.nonBlankLines++;
      decoder.count('too_long');
      headEnd = splitter.lineEnd;
      done = shouldStop();
    },
  );

  let tailRecords: ObservedRecord[] = [];
  if (file.compressed) {
    const chunks = rolloutChunks(file, HEAD_CHUNK);
    try {
      for await (const chunk of chunks) {
        splitter.push(chunk);
        if (done) break;
      }
      if (!done) splitter.end();
    } finally {
      await chunks.return(undefined);
    }
  } else {
    // A caller that passes the file its scan found (with its size) reads many files in a row: blocking reads.
    const known = (file as Partial<ExistingRolloutFile>).stat;
    const reader = await openPositionalReader(file.actualPath, known !== undefined);
    const chunk = takeChunk();
    try {
      // The head, chunk by chunk; `chunk` keeps the last bytes read, [chunkStart, position).
      let position = 0;
      let chunkStart = 0;
      for (;;) {
        const bytesRead = await reader.read(chunk, chunk.length, position);
        if (bytesRead === 0) {
          splitter.end();
          break;
        }
        chunkStart = position;
        position += bytesRead;
        splitter.push(chunk.subarray(0, bytesRead));
        if (done) break;
      }
      if (windowBytes > 0) {
        const size = known ? known.sizeBytes : await reader.size();
        // A whole line is in the window when it starts past the window's first byte (or the window is
        // the whole file) and ends within the size the caller saw.
        const windowStart = Math.max(0, size - windowBytes);
        tailRecords = headFacts
          .filter(({ start, end }) => (windowStart === 0 || start > windowStart) && end <= size)
          .map(({ record }) => record);
        // The rest of the window: lines the head did not take, from the bytes in hand when they cover it.
        const from = Math.max(headEnd, windowStart);
        const dropFirst = windowStart > 0 && from === windowStart;
        if (from >= chunkStart && size <= position) {
          scanLateFacts(chunk, from - chunkStart, size - chunkStart, dropFirst, tailRecords);
        } else {
          await readLateFactRecords(reader, from, size, dropFirst, chunk, tailRecords);
        }
      }
    } finally {
      giveBack(chunk);
      await reader.close().catch(() => {});
    }
  }
  const metadata = extractor.result();
  return {
    path: file.logicalPath,
    actualPath: file.actualPath,
    lines,
    linesScanned: decoder.nonBlankLines,
    skipped: decoder.skipped,
    metadata,
    listable: extractor.isListable,
    tailRecords,
  };
}
