import { readFile } from 'node:fs/promises';
import { parseRolloutLine, type RolloutLine, toRolloutItem, type UnknownRolloutLine } from '@threadkit/protocol';
import type { ThreadHistoryItem } from '@threadkit/thread-store';
import { decompress } from 'fzstd';

/** A rollout line as Codex wrote it: envelope (timestamp, ordinal), item, and unknown top-level fields in `extra`. */
export type TimedLine = RolloutLine | UnknownRolloutLine;

/** The file no longer holds the history just read from it (rewritten, moved or deleted in between). */
export class RolloutMismatchError extends Error {
  constructor(path: string) {
    super(`the rollout ${path} changed while it was read; run the command again`);
    this.name = 'RolloutMismatchError';
  }
}

/**
 * The lines behind `items`, a thread's history as its store read it from the
 * rollout at `path`: each line with its own timestamp and unknown fields, so
 * a copy keeps them byte for byte. Lines the store does not replay (torn,
 * blank, of the 2025 format, invalid) are left out, exactly as in `items`;
 * lines written after `items` was read are ignored.
 */
export async function linesForHistory(path: string, items: readonly ThreadHistoryItem[]): Promise<TimedLine[]> {
  const parsed: TimedLine[] = [];
  for (const text of lineTexts(await rolloutBytes(path))) {
    const result = parseRolloutLine(text, { validatePayload: false, maxLength: Number.POSITIVE_INFINITY });
    if (result.ok) parsed.push(result.line);
  }
  return alignLines(parsed, items, path);
}

/**
 * Matches each history item, in order, with the first later line that holds
 * exactly that item. An item the store rewrote while reading (a compaction's
 * replacement history loses its legacy undo snapshots, as in Codex) has no
 * exact line: it takes the next line of its kind, with the store's payload.
 */
export function alignLines(parsed: readonly TimedLine[], items: readonly ThreadHistoryItem[], path: string): TimedLine[] {
  const keys = parsed.map((line) => JSON.stringify(toRolloutItem(line)));
  const aligned: TimedLine[] = [];
  let next = 0;
  for (const item of items) {
    let at = keys.indexOf(JSON.stringify(item), next);
    if (at === -1) {
      at = kindIndex(parsed, item, next);
      if (at === -1) throw new RolloutMismatchError(path);
      aligned.push({ ...parsed[at]!, payload: item.payload } as TimedLine);
    } else {
      aligned.push(parsed[at]!);
    }
    next = at + 1;
  }
  return aligned;
}

function payloadType(payload: unknown): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as { type?: unknown }).type : undefined;
}

function kindIndex(parsed: readonly TimedLine[], item: ThreadHistoryItem, from: number): number {
  const kind = payloadType(item.payload);
  for (let index = from; index < parsed.length; index++) {
    const line = parsed[index]!;
    if (line.type === item.type && payloadType(line.payload) === kind) return index;
  }
  return -1;
}

/** The file's bytes: the plain rollout, else its cold `.jsonl.zst` sibling decompressed. */
async function rolloutBytes(path: string): Promise<Buffer> {
  const plain = path.endsWith('.zst') ? path.slice(0, -'.zst'.length) : path;
  try {
    return await readFile(plain);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let compressed: Buffer;
  try {
    compressed = await readFile(`${plain}.zst`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new RolloutMismatchError(plain);
  }
  return Buffer.from(decompress(compressed));
}

/** Lines split on LF bytes only (payloads may hold CR, U+2028 or U+2029), each decoded as UTF-8. */
function* lineTexts(bytes: Buffer): Generator<string> {
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    yield bytes.toString('utf8', start, end);
    start = end + 1;
  }
}
