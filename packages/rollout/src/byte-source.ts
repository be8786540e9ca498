import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Decompress } from 'fzstd';
import { fromFsError, RolloutError } from './errors';
import type { ResolvedRolloutFile } from './resolve-file';

const DEFAULT_CHUNK = 1024 * 1024;

/**
 * Reads an open plain file from its first byte in chunks, leaving the handle
 * open (positional reads, so the caller may read elsewhere afterwards). The
 * yielded buffer is reused: consume it before the next step.
 */
export async function* openFileChunks(handle: FileHandle, path: string, chunkSize = DEFAULT_CHUNK): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(chunkSize);
  let position = 0;
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, chunkSize, position));
    } catch (err) {
      throw fromFsError(err, `cannot read ${path}`);
    }
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Opens a file for reading; failures are RolloutErrors (`not_found`, `io`). */
export async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw fromFsError(err, `cannot open ${path}`);
  }
}

/** Positional reads of one open plain file; failures are RolloutErrors (`not_found`, `io`). */
export interface PositionalReader {
  /** Reads up to `length` bytes at `position` into the start of `buffer`; 0 at the end of the file. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  size(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens `path` for positional reads. `blocking` reads with synchronous calls:
 * from the page cache a read of a few KiB takes microseconds, less than the
 * thread-pool round trip of an asynchronous one, for callers that read
 * thousands of files and pace themselves; each read holds the event loop.
 */
export async function openPositionalReader(path: string, blocking: boolean): Promise<PositionalReader> {
  if (!blocking) {
    const handle = await openForReading(path);
    return {
      read: async (buffer, length, position) => {
        try {
          return (await handle.read(buffer, 0, length, position)).bytesRead;
        } catch (err) {
          throw fromFsError(err, `cannot read ${path}`);
        }
      },
      size: async () => (await handle.stat()).size,
      close: () => handle.close(),
    };
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw fromFsError(err, `cannot open ${path}`);
  }
  return {
    read: async (buffer, length, position) => {
      try {
        return readSync(fd, buffer, 0, length, position);
      } catch (err) {
        throw fromFsError(err, `cannot read ${path}`);
      }
    },
    size: async () => fstatSync(fd).size,
    close: async () => closeSync(fd),
  };
}

/** Reads a plain file in chunks. The yielded buffer is reused: consume it before the next step. */
async function* plainChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const handle = await openForReading(path);
  try {
    yield* openFileChunks(handle, path, chunkSize);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Streams the decompressed bytes of a `.zst` file with bounded memory. */
async function* zstdChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const handle = await openForReading(path);
  try {
    let out: Uint8Array[] = [];
    const decompressor = new Decompress((data) => {
      if (data.length > 0) out.push(data);
    });
    for (;;) {
      // fzstd keeps references to input it has not consumed yet: give it fresh buffers.
      const buffer = Buffer.allocUnsafe(chunkSize);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, chunkSize, null));
      } catch (err) {
        throw fromFsError(err, `cannot read ${path}`);
      }
      try {
        decompressor.push(buffer.subarray(0, bytesRead), bytesRead === 0);
      } catch (err) {
        throw new RolloutError('io', `corrupt zstd data in ${path}: ${(err as Error).message}`, { cause: err });
      }
      const ready = out;
      out = [];
      for (const chunk of ready) yield chunk;
      if (bytesRead === 0) return;
    }
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The decompressed bytes of a rollout file, plain or `.zst`, in chunks. */
export function rolloutChunks(file: ResolvedRolloutFile, chunkSize = DEFAULT_CHUNK): AsyncGenerator<Uint8Array> {
  return file.compressed ? zstdChunks(file.actualPath, chunkSize) : plainChunks(file.actualPath, chunkSize);
}
