import { randomUUID } from 'node:crypto';
import { chmod, link, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { rolloutChunks } from './byte-source';
import { fromFsError, hasErrno } from './errors';
import { syncDirectory } from './fs-durability';

/**
 * Turns a cold `<name>.jsonl.zst` back into `<name>.jsonl` before appending,
 * as Codex does: decompress to a temp file beside it, keep its permissions,
 * link it into place without overwriting (a plain file that appeared
 * meanwhile wins), then remove the compressed file. Returns the plain path.
 */
export async function decompressRollout(compressedPath: string): Promise<string> {
  const plainPath = compressedPath.slice(0, -'.zst'.length);
  const temp = `${plainPath}.${randomUUID()}.tmp`;
  try {
    const mode = (await stat(compressedPath)).mode & 0o777;
    const handle = await open(temp, 'wx', mode);
    try {
      for await (const chunk of rolloutChunks({ logicalPath: plainPath, actualPath: compressedPath, compressed: true })) {
        await handle.write(chunk);
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode);
    try {
      await link(temp, plainPath);
    } catch (err) {
      if (!hasErrno(err, 'EEXIST')) throw err;
      return plainPath;
    }
    await unlink(compressedPath).catch((err: unknown) => {
      if (!hasErrno(err, 'ENOENT')) throw err;
    });
    await syncDirectory(dirname(plainPath));
    return plainPath;
  } catch (err) {
    throw fromFsError(err, `cannot decompress ${compressedPath}`);
  } finally {
    await unlink(temp).catch(() => {});
  }
}
