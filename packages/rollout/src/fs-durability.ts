import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsyncs a directory so a new or renamed entry in it survives a power loss. Best effort. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms and file systems cannot fsync directories; the data itself is synced.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** fsyncs every directory from `deepest` up to and including `topmost`'s parent, all at once. */
export async function syncDirectoryChain(deepest: string, topmost: string): Promise<void> {
  const dirs: string[] = [];
  const stop = dirname(topmost);
  for (let dir = deepest; ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === stop || dirname(dir) === dir) break;
  }
  await Promise.all(dirs.map(syncDirectory));
}
