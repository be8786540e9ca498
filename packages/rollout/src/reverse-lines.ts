import { open } from 'node:fs/promises';
import { fromFsError, hasErrno } from './errors';

/**
 * Yields a file's lines from the last to the first as bytes, reading
 * backwards from EOF in chunks, so a lookup that wants the newest entry reads
 * only the end of the file, and one that skips most lines never decodes them.
 * Lines come without their `\n`; an empty file yields one empty line; a
 * missing file yields nothing. Each yielded buffer stays valid.
 */
export async function* byteLinesBackward(path: string, chunkSize = 8 * 1024): AsyncGenerator<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (hasErrno(err, 'ENOENT')) return;
    throw fromFsError(err, `cannot open ${path}`);
  }
  try {
    let position = (await handle.stat()).size;
    // Bytes right of the leftmost newline seen so far: the start of a line not yet complete.
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(chunkSize, position);
      position -= size;
      const chunk = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(chunk, 0, size, position);
      const window = carry.length > 0 ? Buffer.concat([chunk.subarray(0, bytesRead), carry]) : chunk.subarray(0, bytesRead);
      let end = window.length;
      let newline = end > 0 ? window.lastIndexOf(10, end - 1) : -1;
      while (newline !== -1) {
        yield window.subarray(newline + 1, end);
        end = newline;
        newline = end > 0 ? window.lastIndexOf(10, end - 1) : -1;
      }
      carry = Buffer.from(window.subarray(0, end));
    }
    // The first line of the file has no newline before it.
    yield carry;
  } catch (err) {
    throw fromFsError(err, `cannot read ${path}`);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** {@link byteLinesBackward}, decoded as UTF-8. */
export async function* linesBackward(path: string, chunkSize = 8 * 1024): AsyncGenerator<string> {
  for await (const line of byteLinesBackward(path, chunkSize)) yield line.toString('utf8');
}
