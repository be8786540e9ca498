import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp folder, removed by `remove()`. */
export async function tempDir(prefix = 'threadkit-local-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A writable copy of a Codex home (fixtures are never written to). */
export async function copyHome(source: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await tempDir('threadkit-home-');
  await cp(source, dir.path, { recursive: true });
  return dir;
}
