import { fstatSync, ftruncateSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { RolloutError } from './errors';

/**
 * Batches up to this many characters are written with one synchronous write: the bytes
 * reach the OS before the event loop moves on, without a thread-pool round
 * trip. Larger batches are written asynchronously so the loop is not held.
 */
const SYNC_WRITE_CHARS = 1024 * 1024;

interface Entry {
  /** Whole records, each ending in `\n`. */
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How far a write got before the OS refused it. */
export interface WriteOutcome {
  written: number;
  error?: unknown;
}

/** Writes all of `data` to `fd` synchronously, or reports how much was written when the OS refused the rest. */
export function writeFullySync(fd: number, data: string | Uint8Array): WriteOutcome {
  let written = 0;
  try {
    // A string goes out without a Buffer of our own; only a short write needs its bytes.
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
    if (typeof data === 'string') {
      written = writeSync(fd, data);
      if (written === bytes) return { written };
      data = Buffer.from(data, 'utf8');
    }
    while (written < bytes) {
      const n = writeSync(fd, data, written, bytes - written);
      if (n <= 0) throw new Error('the write made no progress');
      written += n;
    }
  } catch (error) {
    return { written, error };
  }
  return { written };
}

async function writeFully(handle: FileHandle, buffer: Uint8Array): Promise<WriteOutcome> {
  let written = 0;
  try {
    while (written < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, written, buffer.length - written);
      if (bytesWritten <= 0) throw new Error('the write made no progress');
      written += bytesWritten;
    }
  } catch (error) {
    return { written, error };
  }
  return { written };
}

/**
 * The one ordered writer of an open rollout. Appends queued in the same turn
 * of the event loop (or while a large write is in flight) go out in one
 * write, in call order; each resolves once its bytes reached the OS.
 *
 * When the OS refuses a write, every append whose bytes were all written
 * resolves and every other append of the batch fails with the OS error as
 * `cause`. Their bytes are dropped, never retried: a later write cannot bring
 * back records whose append was reported failed. A record cut short is
 * truncated away, so the file keeps ending on a whole line.
 */
export class RecordWriter {
  private queue: Entry[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private writeCount = 0;
  private byteCount = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    /** The file does not end with `\n` (a torn tail): the next write starts with one. */
    private leadingNewline = false,
  ) {}

  get stats(): { writes: number; bytesWritten: number } {
    return { writes: this.writeCount, bytesWritten: this.byteCount };
  }

  /** Queues whole records (`text` ends with `\n`); resolves when they reached the OS. */
  append(text: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      this.chain = this.chain.then(() => this.writeQueued());
    });
  }

  /** Resolves once everything queued before the call was written or refused. */
  drain(): Promise<void> {
    return this.chain;
  }

  /** Fails every append still waiting for its write with `error`; nothing of them is written. */
  rejectQueued(error: unknown): void {
    const entries = this.queue;
    this.queue = [];
    for (const entry of entries) entry.reject(error);
  }

  private async writeQueued(): Promise<void> {
    this.scheduled = false;
    const entries = this.queue;
    this.queue = [];
    if (entries.length === 0) return;
    const prefix = this.leadingNewline ? '\n' : '';
    let text = prefix;
    for (const entry of entries) text += entry.text;
    const outcome =
      text.length <= SYNC_WRITE_CHARS
        ? writeFullySync(this.handle.fd, text)
        : await writeFully(this.handle, Buffer.from(text, 'utf8'));
    if (outcome.written > 0) {
      this.writeCount++;
      this.byteCount += outcome.written;
    }
    if (outcome.written >= prefix.length) this.leadingNewline = false;
    if (outcome.error === undefined) {
      for (const entry of entries) entry.resolve();
      return;
    }
    this.refused(entries, prefix.length, outcome);
  }

  private refused(entries: Entry[], prefixBytes: number, { written, error }: WriteOutcome): void {
    const failure = new RolloutError(
      'io',
      `cannot write to ${this.path}: ${error instanceof Error ? error.message : String(error)} (the refused records were not written)`,
      { cause: error },
    );
    let offset = prefixBytes;
    let torn = 0;
    for (const entry of entries) {
      const end = offset + Buffer.byteLength(entry.text, 'utf8');
      if (end <= written) {
        entry.resolve();
      } else {
        if (offset < written) torn = written - offset;
        entry.reject(failure);
      }
      offset = end;
    }
    if (torn > 0) this.cutTornRecord(torn);
  }

  /** Truncates the partial record a refused write left at the end of the file. */
  private cutTornRecord(bytes: number): void {
    try {
      const { size } = fstatSync(this.handle.fd);
      ftruncateSync(this.handle.fd, size - bytes);
      this.byteCount -= bytes;
    } catch {
      // It stays: the next record starts on a fresh line, so the torn one is a single line readers skip.
      this.leadingNewline = true;
    }
  }
}
