import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { withDirectoryLock } from './directory-lock';
import { makeTempDir } from './temp-dirs';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempLockPath(): Promise<string> {
  const dir = await makeTempDir('threadkit-lock-test-');
  cleanups.push(dir.remove);
  return join(dir.path, '.lock');
}

const options = { waitTimeoutMs: 10_000, staleAfterMs: 60_000, pollIntervalMs: 20 };

describe('withDirectoryLock', () => {
  it('lets one holder in at a time', async () => {
    const lock = await tempLockPath();
    const events: string[] = [];
    const hold = (name: string) =>
      withDirectoryLock(lock, options, async () => {
        events.push(`${name} in`);
        await sleep(100);
        events.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.replace(' in', '')).toBe(events[i + 1]?.replace(' out', ''));
    }
    expect(events).toHaveLength(6);
  });

  it('releases the lock when the holder throws', async () => {
    const lock = await tempLockPath();
    await expect(
      withDirectoryLock(lock, options, async () => {
        throw new Error('install failed');
      }),
    ).rejects.toThrow('install failed');
    await expect(withDirectoryLock(lock, options, async () => 'second')).resolves.toBe('second');
  });

  it('takes over a lock whose owner process is gone', async () => {
    const lock = await tempLockPath();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    await mkdir(lock);
    await writeFile(join(lock, 'owner.json'), JSON.stringify({ pid: gone.pid, host: hostname(), acquiredAt: Date.now() }));
    await expect(withDirectoryLock(lock, options, async () => 'taken over')).resolves.toBe('taken over');
  });

  it('waits for a live owner and gives up at the deadline', async () => {
    const lock = await tempLockPath();
    await mkdir(lock);
    await writeFile(join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname(), acquiredAt: Date.now() }));
    await expect(withDirectoryLock(lock, { ...options, waitTimeoutMs: 200 }, async () => 'never')).rejects.toThrow(
      /timed out after 200 ms/,
    );
  });
});
