import { accessSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * A temp root holding a Codex home and, beside it, files the store must
 * never touch: `outside/` with a few files, and a sibling of the home whose
 * name starts like it (`home-sibling/`), the usual victim of a prefix check.
 */
export interface TempRoot {
  root: string;
  home: string;
  cleanup(): void;
}

/**
 * A memory-backed folder when there is one (/dev/shm): fuzzing checks logic,
 * not durability, and there every fsync is free, so 10,000 writing cases fit
 * in seconds. Falls back to the temp folder.
 */
export function memoryBackedTempDir(): string {
  try {
    if (existsSync('/dev/shm')) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {}
  return tmpdir();
}

export function makeTempRoot(prefix = 'threadkit-reliability-', parent = tmpdir()): TempRoot {
  const root = mkdtempSync(join(parent, prefix));
  const home = join(root, 'home');
  mkdirSync(home);
  for (const dir of ['outside', 'home-sibling']) {
    mkdirSync(join(root, dir, 'sessions'), { recursive: true });
    writeFileSync(join(root, dir, 'keep.txt'), 'must stay as it is\n');
  }
  writeFileSync(join(root, 'session_index.jsonl'), '');
  return { root, home, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export type TreeSnapshot = Map<string, string>;

/** Every entry under `dir` except the excluded subtrees: type, size and mtime. */
export function snapshotTree(dir: string, exclude: string[] = []): TreeSnapshot {
  const snapshot: TreeSnapshot = new Map();
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (exclude.includes(full)) continue;
      const info = lstatSync(full);
      const kind = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : 'file';
      snapshot.set(relative(dir, full), `${kind}:${info.isDirectory() ? '' : info.size}:${info.mtimeMs}`);
      if (info.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return snapshot;
}
