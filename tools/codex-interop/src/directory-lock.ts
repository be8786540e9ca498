import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DirectoryLockOptions {
  /** Give up waiting after this long. */
  waitTimeoutMs: number;
  /** A lock older than this is taken over even if its owner looks alive. */
  staleAfterMs: number;
  pollIntervalMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  acquiredAt: number;
}

/**
 * Runs `fn` while holding a lock shared by every process on this machine:
 * `mkdir` is atomic, so whoever creates `lockPath` owns it. A lock whose owner
 * died (or that is older than `staleAfterMs`) is taken over, so a test run
 * killed mid-install does not block the next one.
 */
export async function withDirectoryLock<T>(
  lockPath: string,
  options: DirectoryLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await rm(lockPath, { recursive: true, force: true });
  }
}

async function acquire(lockPath: string, options: DirectoryLockOptions): Promise<void> {
  const deadline = Date.now() + options.waitTimeoutMs;
  for (;;) {
    try {
      await mkdir(lockPath);
      const owner: LockOwner = { pid: process.pid, host: hostname(), acquiredAt: Date.now() };
      await writeFile(join(lockPath, 'owner.json'), JSON.stringify(owner));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isAbandoned(lockPath, options.staleAfterMs)) {
      // Move it aside first so a concurrent waiter that also judged it abandoned
      // cannot delete a lock somebody has just re-created.
      const aside = `${lockPath}.abandoned-${process.pid}-${Date.now()}`;
      await rename(lockPath, aside).catch(() => undefined);
      await rm(aside, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.waitTimeoutMs} ms waiting for the lock ${lockPath}`);
    }
    await sleep(options.pollIntervalMs ?? 250);
  }
}

async function isAbandoned(lockPath: string, staleAfterMs: number): Promise<boolean> {
  const created = await stat(lockPath).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (created === undefined) return false; // released meanwhile: just retry mkdir
  if (Date.now() - created > staleAfterMs) return true;
  const owner = await readFile(join(lockPath, 'owner.json'), 'utf8').then(
    (text) => JSON.parse(text) as LockOwner,
    () => undefined,
  );
  // No owner file yet: its creator is between mkdir and writeFile.
  if (owner === undefined || owner.host !== hostname()) return false;
  return !isProcessAlive(owner.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
