import type { FileHandle } from 'node:fs/promises';
import { openFileChunks, openForReading, rolloutChunks } from './byte-source';
import { LineSplitter } from './line-splitter';
import { type ObservedRecord, type ThreadFileMetadata, ThreadMetadataExtractor } from './metadata';
import { LineDecoder, type ReadLine, type SkippedLineCounts } from './reader';
import { type ExistingRolloutFile, type ResolvedRolloutFile, resolveRolloutFile } from './resolve-file';
import { readLateFactRecords } from './tail-window';

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
   * the caller saw, so what was read matches the size it records.
   */
  file?: ResolvedRolloutFile | ExistingRolloutFile;
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
  const decoder = new LineDecoder('structure');
  const extractor = new ThreadMetadataExtractor(options.threadId);
  const lines: ReadLine[] = [];
  let done = false;

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
      done = shouldStop();
    },
    () => {
      if (done) return;
      decoder.nonBlankLines++;
      decoder.count('too_long');
      done = shouldStop();
    },
  );
  const readHead = async (chunks: AsyncGenerator<Uint8Array>) => {
    try {
      for await (const chunk of chunks) {
        splitter.push(chunk);
        if (done) break;
      }
      if (!done) splitter.end();
    } finally {
      await chunks.return(undefined);
    }
  };

  let tailRecords: ObservedRecord[] = [];
  if (file.compressed) {
    await readHead(rolloutChunks(file, HEAD_CHUNK));
  } else {
    const handle: FileHandle = await openForReading(file.actualPath);
    try {
      await readHead(openFileChunks(handle, file.actualPath, HEAD_CHUNK));
      const windowBytes = options.tailWindowBytes ?? 0;
      if (windowBytes > 0) {
        const known = (file as Partial<ExistingRolloutFile>).stat;
        const size = known ? known.sizeBytes : (await handle.stat()).size;
        tailRecords = await readLateFactRecords(handle, file.actualPath, size, windowBytes);
      }
    } finally {
      await handle.close().catch(() => {});
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
