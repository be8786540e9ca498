import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Decompress } from 'fzstd';
import { fromFsError, hasErrno, RolloutError } from './errors';

const DEFAULT_CHUNK = 1024 * 1024;

/** The file actually read for a logical rollout path. */
export interface ResolvedRolloutFile {
  /** The plain `.jsonl` path (the logical path everywhere, even when only `.zst` exists). */
  logicalPath: string;
  /** The path that exists: the plain file when both exist, else the `.zst` sibling. */
  actualPath: string;
  compressed: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if (hasErrno(err, 'ENOENT', 'ENOTDIR')) return false;
    throw fromFsError(err, `cannot open ${path}`);
  }
}

/**
 * Resolves a rollout path to the file to read: the plain file wins over its
 * `.zst` sibling; a `.zst` path falls back to nothing. Retries briefly when
 * neither exists, because a cold-compression pass may be swapping them.
 */
export async function resolveRolloutFile(path: string): Promise<ResolvedRolloutFile> {
  const logicalPath = path.endsWith('.zst') ? path.slice(0, -4) : path;
  const compressedPath = `${logicalPath}.zst`;
  for (let attempt = 0; ; attempt++) {
    if (await exists(logicalPath)) return { logicalPath, actualPath: logicalPath, compressed: false };
    if (await exists(compressedPath)) return { logicalPath, actualPath: compressedPath, compressed: true };
    if (attempt >= 3) break;
    await sleep(50);
  }
  throw new RolloutError('not_found', `no rollout file at ${logicalPath} (nor ${compressedPath})`);
}

/** Reads a plain file in chunks. The yielded buffer is reused: consume it before the next step. */
async function* plainChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fromFsError(err, `cannot open ${path}`);
  }
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, chunkSize, null));
      } catch (err) {
        throw fromFsError(err, `cannot read ${path}`);
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Streams the decompressed bytes of a `.zst` file with bounded memory. */
async function* zstdChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fromFsError(err, `cannot open ${path}`);
  }
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
