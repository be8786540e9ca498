import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writerLockPath } from './home';
import { currentHostname, processStartTime } from './process-identity';
import { tempDir } from './testing/homes';
import { inspectWriterLock, ThreadWriterLock } from './writer-lock';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';

function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return done.pid!;
}

describe('ThreadWriterLock', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: home, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  const plant = (owner: Record<string, unknown> | string) => {
    const path = writerLockPath(home, ID);
    mkdirSync(join(home, 'thread-writer-locks'), { recursive: true });
    writeFileSync(path, typeof owner === 'string' ? owner : JSON.stringify(owner));
    return path;
  };

  it('holds the thread until released, recording who holds it', async () => {
    const lock = await ThreadWriterLock.acquire(home, ID);
    expect(lock.path).toBe(join(home, 'thread-writer-locks', `${ID}.lock`));
    const owner = JSON.parse(readFileSync(lock.path, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, hostname: currentHostname(), threadId: ID });
    expect(await inspectWriterLock(home, ID)).toMatchObject({ state: 'held' });
    await expect(ThreadWriterLock.acquire(home, ID)).rejects.toMatchObject({ code: 'conflict' });
    await lock.release();
    await lock.release();
    expect(existsSync(lock.path)).toBe(false);
    expect(await inspectWriterLock(home, ID)).toEqual({ state: 'free' });
  });

  it('takes over a lock whose holder died', async () => {
    const pid = deadPid();
    plant({ pid, hostname: currentHostname(), token: 'old', acquiredAt: '', threadId: ID });
    expect(await inspectWriterLock(home, ID)).toMatchObject({ state: 'stale' });
    const lock = await ThreadWriterLock.acquire(home, ID);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).token).toBe(lock.owner.token);
    await lock.release();
  });

  it('takes over a lock whose pid now names a different process', async () => {
    const start = processStartTime(process.pid);
    expect(start).toBeDefined();
    plant({ pid: process.pid, startTime: `${start}0`, hostname: currentHostname(), token: 'old', acquiredAt: '', threadId: ID });
    const lock = await ThreadWriterLock.acquire(home, ID);
    await lock.release();
  });

  it('takes over a lock file with no owner record that nobody holds', async () => {
    plant('');
    const lock = await ThreadWriterLock.acquire(home, ID);
    await lock.release();
  });

  it('does not take a lock held by a live process or another host', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      plant({ pid: sleeper.pid, startTime: processStartTime(sleeper.pid!), hostname: currentHostname(), token: 't', acquiredAt: '', threadId: ID });
      await expect(ThreadWriterLock.acquire(home, ID)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      sleeper.kill('SIGKILL');
    }
    plant({ pid: deadPid(), hostname: 'some-other-host', token: 't', acquiredAt: '', threadId: ID });
    await expect(ThreadWriterLock.acquire(home, ID)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('leaves a lock someone else took over in place when releasing', async () => {
    const lock = await ThreadWriterLock.acquire(home, ID);
    plant({ pid: process.pid, hostname: currentHostname(), token: 'someone-else', acquiredAt: '', threadId: ID });
    await lock.release();
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).token).toBe('someone-else');
  });

  it('rejects ids that are not UUIDs before touching the disk', async () => {
    await expect(ThreadWriterLock.acquire(home, '../../x')).rejects.toMatchObject({ code: 'invalid_request' });
    expect(existsSync(join(home, 'thread-writer-locks'))).toBe(false);
  });

  const hasFlock = existsSync('/proc/locks') && spawnSync('flock', ['--no-fork', '--version']).status === 0;
  it.runIf(hasFlock)('respects an OS lock held on the file, as the Codex CLI takes it', async () => {
    const path = writerLockPath(home, ID);
    mkdirSync(join(home, 'thread-writer-locks'), { recursive: true });
    // --no-fork: the flock process itself holds the lock, so killing it releases it.
    const holder = spawn('flock', ['--exclusive', '--no-fork', path, 'sleep', '30'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && (await inspectWriterLock(home, ID)).state !== 'held'; i++) await sleep(20);
      expect(await inspectWriterLock(home, ID)).toMatchObject({ state: 'held', reason: expect.stringContaining('OS lock') });
      await expect(ThreadWriterLock.acquire(home, ID)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    const lock = await ThreadWriterLock.acquire(home, ID);
    await lock.release();
  });
});
