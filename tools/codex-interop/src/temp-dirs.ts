import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system temp folder; `remove()` deletes it. */
export async function makeTempDir(prefix = 'threadkit-codex-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Copies a Codex home (e.g. a read-only fixture) into a new temp folder and makes
 * every copied file writable: Codex writes SQLite files, names and archive moves
 * into the home it serves, and the original must stay untouched.
 */
export async function copyCodexHome(source: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await makeTempDir('threadkit-codex-home-');
  const home = join(dir.path, 'home');
  await cp(source, home, { recursive: true });
  await makeWritable(home);
  return { path: home, remove: dir.remove };
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(path);
    else if (entry.isFile()) await chmod(path, 0o644);
  }
}
