import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fromFsError, hasErrno, RolloutError } from './errors';
import { checkHome, checkThreadId, writerLockPath } from './home';
import { currentHostname, hasOsLock, isProcessAlive, processStartTime } from './process-identity';

/** What a threadkit lock file records about its holder. */
export interface WriterLockOwner {
  pid: number;
  /** Kernel start time of the holder (see processStartTime); tells a live holder from a reused pid. */
  startTime?: string;
  hostname: string;
  /** Random per acquisition: only the acquirer may remove the file. */
  token: string;
  acquiredAt: string;
  threadId: string;
}

export type WriterLockState =
  | { state: 'free' }
  | { state: 'held'; owner?: WriterLockOwner; reason: string }
  | { state: 'stale'; owner?: WriterLockOwner; reason: string };

function parseOwner(text: string): WriterLockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<WriterLockOwner>;
    if (typeof value.pid === 'number' && typeof value.token === 'string' && typeof value.hostname === 'string') {
      return value as WriterLockOwner;
    }
  } catch {}
  return undefined;
}

interface Observed {
  text: string;
  verdict: WriterLockState;
}

/** Reads a lock file and judges whether its holder is alive. Undefined when there is no file. */
async function observe(path: string): Promise<Observed | undefined> {
  let text: string;
  let info: Awaited<ReturnType<typeof stat>> & { dev: bigint; ino: bigint };
  try {
    info = (await stat(path, { bigint: true })) as typeof info;
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (hasErrno(err, 'ENOENT')) return undefined;
    throw fromFsError(err, `cannot read writer lock ${path}`);
  }
  const owner = parseOwner(text);
  if (hasOsLock(info.dev, info.ino)) {
    return { text, verdict: { state: 'held', owner, reason: 'another process holds an OS lock on it' } };
  }
  if (!owner) {
    // Codex's lock files carry no owner record; without an OS lock on them nobody holds them.
    return { text, verdict: { state: 'stale', reason: 'no owner record and no OS lock' } };
  }
  if (owner.hostname !== currentHostname()) {
    return { text, verdict: { state: 'held', owner, reason: `held by pid ${owner.pid} on host ${owner.hostname}` } };
  }
  if (isProcessAlive(owner.pid, owner.startTime)) {
    return { text, verdict: { state: 'held', owner, reason: `held by live process ${owner.pid}` } };
  }
  return { text, verdict: { state: 'stale', owner, reason: `holder process ${owner.pid} is gone` } };
}

/** Inspects the writer lock of a thread without taking it. */
export async function inspectWriterLock(home: string, threadId: string): Promise<WriterLockState> {
  const found = await observe(writerLockPath(home, threadId));
  return found?.verdict ?? { state: 'free' };
}

async function unlinkQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch {}
}

/**
 * The single-writer lock of one thread across processes:
 * `<home>/thread-writer-locks/<id>.lock`, recording the holder's pid, kernel
 * start time and host. A lock whose holder died (or whose pid now names a
 * different process) is taken over; a live holder, or an OS lock held on the
 * file by the Codex CLI, gives a `conflict` error.
 */
export class ThreadWriterLock {
  private released = false;

  private constructor(
    readonly path: string,
    readonly threadId: string,
    readonly owner: WriterLockOwner,
  ) {}

  static async acquire(home: string, threadId: string): Promise<ThreadWriterLock> {
    const id = checkThreadId(threadId);
    const path = writerLockPath(checkHome(home), id);
    const owner: WriterLockOwner = {
      pid: process.pid,
      startTime: processStartTime(process.pid),
      hostname: currentHostname(),
      token: randomUUID(),
      acquiredAt: new Date().toISOString(),
      threadId: id,
    };
    const content = `${JSON.stringify(owner)}\n`;
    const staging = `${path}.${owner.token}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      // Written aside then linked into place: the lock file appears complete or not at all.
      await writeFile(staging, content, { flag: 'wx' });
    } catch (err) {
      throw fromFsError(err, `cannot create writer lock for thread ${id}`);
    }
    try {
      for (let attempt = 0; attempt < 4; attempt++) {
        if (await place(staging, path, content)) return new ThreadWriterLock(path, id, owner);
        const found = await observe(path);
        if (!found) continue; // released meanwhile: try again
        if (found.verdict.state === 'held') {
          throw new RolloutError('conflict', `thread ${id} already has an active writer (${found.verdict.reason})`);
        }
        await takeOver(path, found.text, owner.token);
      }
      throw new RolloutError('conflict', `thread ${id}: could not take its writer lock (contended)`);
    } finally {
      await unlinkQuietly(staging);
    }
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** Removes the lock file if it is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    try {
      const text = await readFile(this.path, 'utf8');
      if (parseOwner(text)?.token === this.owner.token) await unlink(this.path);
    } catch (err) {
      if (!hasErrno(err, 'ENOENT')) throw fromFsError(err, `cannot release writer lock ${this.path}`);
    }
  }
}

/** Puts the staged lock at `path` unless a file is already there. */
async function place(staging: string, path: string, content: string): Promise<boolean> {
  try {
    await link(staging, path);
    return true;
  } catch (err) {
    if (hasErrno(err, 'EEXIST')) return false;
    if (!hasErrno(err, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS')) throw fromFsError(err, `cannot create writer lock ${path}`);
  }
  // File systems without hard links: exclusive create, then write.
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if (hasErrno(err, 'EEXIST')) return false;
    throw fromFsError(err, `cannot create writer lock ${path}`);
  }
}

/**
 * Removes a stale lock file, but only the one judged stale: it is first
 * renamed aside and compared, so a fresh lock another process placed in
 * the meantime is put back instead of being deleted.
 */
async function takeOver(path: string, staleText: string, token: string): Promise<void> {
  const aside = `${path}.stale-${token}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (hasErrno(err, 'ENOENT')) return;
    throw fromFsError(err, `cannot recover stale writer lock ${path}`);
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== staleText) {
      try {
        await link(aside, path);
      } catch {}
    }
  } finally {
    await unlinkQuietly(aside);
  }
}
