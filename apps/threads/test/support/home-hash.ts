import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * One hash over every entry below `root`: relative path, kind, mode, and
 * content (or link target). Equal before and after a command means the
 * command changed nothing in the home, byte for byte.
 */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir)).sort();
    for (const name of entries) {
      const path = join(dir, name);
      const info = await lstat(path);
      const rel = relative(root, path);
      hash.update(`${rel}\0${info.mode}\0`);
      if (info.isDirectory()) {
        hash.update('dir\0');
        await walk(path);
      } else if (info.isSymbolicLink()) {
        hash.update(`link\0${await readlink(path)}\0`);
      } else {
        hash.update(`file\0${info.size}\0`);
        hash.update(await readFile(path));
      }
    }
  };
  await walk(root);
  return hash.digest('hex');
}
