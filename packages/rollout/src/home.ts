import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseThreadId, type ThreadId } from '@threadkit/protocol';
import { RolloutError } from './errors';

/** Folder of active rollouts: `sessions/YYYY/MM/DD/`. */
export const SESSIONS_DIR = 'sessions';
/** Folder of archived rollouts: flat, same file names. */
export const ARCHIVED_SESSIONS_DIR = 'archived_sessions';
/** Append-only thread names: `{"id","thread_name","updated_at"}` per line. */
export const SESSION_INDEX_FILE = 'session_index.jsonl';
/** One lock file per thread being written (the folder newest Codex uses). */
export const WRITER_LOCKS_DIR = 'thread-writer-locks';

/**
 * The Codex home a caller should use when none is given: `$CODEX_HOME` when set
 * (relative values resolve against the current directory), else `~/.codex`.
 * Nothing is created or checked on disk.
 */
export function resolveCodexHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CODEX_HOME?.trim();
  if (fromEnv) return resolve(fromEnv);
  return join(homedir(), '.codex');
}

/** Validates a home argument: a non-empty absolute-or-relative path, returned absolute. */
export function checkHome(home: unknown): string {
  if (typeof home !== 'string' || home.trim() === '' || home.includes('\0')) {
    throw new RolloutError('invalid_request', 'home must be a non-empty directory path');
  }
  return isAbsolute(home) ? home : resolve(home);
}

/** Validates a thread id before it can reach a path; returns it lowercase. */
export function checkThreadId(id: unknown, field = 'threadId'): ThreadId {
  const parsed = parseThreadId(id);
  if (!parsed) {
    const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : typeof id;
    throw new RolloutError('invalid_request', `${field} must be a UUID, got ${shown}`);
  }
  return parsed;
}

export function sessionsDir(home: string): string {
  return join(checkHome(home), SESSIONS_DIR);
}

export function archivedSessionsDir(home: string): string {
  return join(checkHome(home), ARCHIVED_SESSIONS_DIR);
}

export function sessionIndexPath(home: string): string {
  return join(checkHome(home), SESSION_INDEX_FILE);
}

/** `<home>/thread-writer-locks/<id>.lock` */
export function writerLockPath(home: string, threadId: string): string {
  return join(checkHome(home), WRITER_LOCKS_DIR, `${checkThreadId(threadId)}.lock`);
}
