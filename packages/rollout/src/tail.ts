import { parseRolloutLine } from '@threadkit/protocol';
import { rolloutChunks } from './byte-source';
import { type ResolvedRolloutFile, resolveRolloutFile } from './resolve-file';
import { LineSplitter } from './line-splitter';
import { linesBackward } from './reverse-lines';

const TAIL_CHUNK = 64 * 1024;

export interface RolloutTail {
  /** Envelope timestamp of the last parseable record; undefined when the file has none. */
  lastTimestamp: string | undefined;
  lastRecordAt: Date | undefined;
}

function timestampOf(text: string): string | undefined {
  const parsed = parseRolloutLine(text, { validatePayload: false, maxLength: Infinity });
  return parsed.ok ? parsed.line.timestamp : undefined;
}

function toTail(timestamp: string | undefined): RolloutTail {
  const date = timestamp === undefined ? undefined : new Date(timestamp);
  return {
    lastTimestamp: timestamp,
    lastRecordAt: date && !Number.isNaN(date.getTime()) ? date : undefined,
  };
}

/** Scans a plain file backwards from EOF until a parseable record is found (a torn tail is passed over). */
async function plainTail(path: string): Promise<string | undefined> {
  const lines = linesBackward(path, TAIL_CHUNK);
  try {
    for await (const text of lines) {
      if (text.trim() === '') continue;
      const found = timestampOf(text);
      if (found !== undefined) return found;
    }
    return undefined;
  } finally {
    await lines.return(undefined);
  }
}

/** Compressed files cannot be read backwards: stream them and keep the last good timestamp. */
async function compressedTail(file: ResolvedRolloutFile): Promise<string | undefined> {
  let last: string | undefined;
  const splitter = new LineSplitter(
    (text) => {
      const found = timestampOf(text);
      if (found !== undefined) last = found;
    },
    () => {},
  );
  for await (const chunk of rolloutChunks(file)) splitter.push(chunk);
  splitter.end();
  return last;
}

/**
 * The last record's timestamp, read backwards from the end of the file in
 * chunks (a torn final line is skipped), so a summary's update time costs a
 * few kilobytes however long the thread is.
 */
export async function readRolloutTail(path: string): Promise<RolloutTail> {
  const file = await resolveRolloutFile(path);
  return toTail(file.compressed ? await compressedTail(file) : await plainTail(file.actualPath));
}
