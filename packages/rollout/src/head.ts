import { resolveRolloutFile, rolloutChunks } from './byte-source';
import { LineSplitter } from './line-splitter';
import { type ThreadFileMetadata, ThreadMetadataExtractor } from './metadata';
import { LineDecoder, type ReadLine, type SkippedLineCounts } from './reader';

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
}

export interface ReadHeadOptions {
  /** Only accept a session_meta with this id (e.g. the id in the file name). */
  threadId?: string;
  /** Override the limits (for tests and tools); defaults 10 and 200. */
  lineLimit?: number;
  previewExtension?: number;
}

/**
 * Reads just enough of a rollout to summarise it: the first 10 non-blank
 * lines, extended by up to 200 more while a session_meta has been seen but no
 * preview or first user message yet. Stops early; never reads the rest.
 */
export async function readRolloutHead(path: string, options: ReadHeadOptions = {}): Promise<RolloutHead> {
  const lineLimit = options.lineLimit ?? HEAD_LINE_LIMIT;
  const maxLines = lineLimit + (options.previewExtension ?? HEAD_PREVIEW_EXTENSION);
  const file = await resolveRolloutFile(path);
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
  const metadata = extractor.result();
  return {
    path: file.logicalPath,
    actualPath: file.actualPath,
    lines,
    linesScanned: decoder.nonBlankLines,
    skipped: decoder.skipped,
    metadata,
    listable: extractor.isListable,
  };
}
