import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * When a process started, as the kernel counts it (Linux: clock ticks since
 * boot, field 22 of /proc/<pid>/stat). Together with the pid it names one
 * process for life: a reused pid has a different start time. Undefined where
 * /proc is not available.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

export function currentHostname(): string {
  try {
    return hostname();
  } catch {
    return '';
  }
}

/** Liveness of a process on this host: `false` only when it is certainly gone (or its pid was reused). */
export function isProcessAlive(pid: number, startTime: string | undefined): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (startTime === undefined) return true;
  const current = processStartTime(pid);
  return current === undefined || current === startTime;
}

/**
 * True when some process holds an OS lock (flock, POSIX or OFD) on the file
 * with this device and inode, per /proc/locks. This is how a lock file taken
 * by the Codex CLI (which uses OS advisory locks) is recognised as held.
 * Returns false where /proc/locks does not exist.
 */
export function hasOsLock(dev: bigint, ino: bigint): boolean {
  let table: string;
  try {
    table = readFileSync('/proc/locks', 'utf8');
  } catch {
    return false;
  }
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  for (const row of table.split('\n')) {
    // e.g. "3: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF" (blocked waiters carry "->")
    if (row.includes('->')) continue;
    const location = row.split(/\s+/).find((field) => /^[0-9a-f]+:[0-9a-f]+:\d+$/i.test(field));
    if (!location) continue;
    const [maj, min, inode] = location.split(':') as [string, string, string];
    if (BigInt(inode) === ino && BigInt(`0x${maj}`) === major && BigInt(`0x${min}`) === minor) return true;
  }
  return false;
}
