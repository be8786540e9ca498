import { join } from 'node:path';
import { isThreadId, type ThreadId } from '@threadkit/protocol';
import { RolloutError } from './errors';
import { checkThreadId, sessionsDir } from './home';
import { pad, toLocalDateTime } from './local-time';

const PREFIX = 'rollout-';
const PLAIN_SUFFIX = '.jsonl';
const COMPRESSED_SUFFIX = '.jsonl.zst';
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})$/;

/** What a rollout file name says about its file. */
export interface RolloutFileName {
  /** The name as given, e.g. `rollout-2026-11-21T10-28-13-<uuid>.jsonl`. */
  fileName: string;
  /** The start time written in the name: local wall-clock time, `YYYY-MM-DDThh-mm-ss`. */
  timestamp: string;
  /**
   * The name's wall-clock time read as if it were UTC, in epoch milliseconds. This is
   * how Codex sorts and pages by creation time; it is not the true instant when the
   * writer's zone was not UTC (the session_meta timestamp is).
   */
  timestampMs: number;
  /** Year, month and day folders the file belongs in under `sessions/`. */
  dateFolders: [year: string, month: string, day: string];
  /** The thread the file belongs to. */
  threadId: ThreadId;
  /** The rollout's own id: equal to the thread id except for the newer `<thread>_<rollout>` form. */
  rolloutId: ThreadId;
  /** True for a cold `.jsonl.zst` file. */
  compressed: boolean;
}

/**
 * Parses `rollout-YYYY-MM-DDThh-mm-ss-<uuid>[_<uuid>].jsonl[.zst]`. Returns
 * undefined for anything else (sidecars, temp files, locks), so callers can
 * use it to filter directory listings.
 */
export function parseRolloutFileName(fileName: string): RolloutFileName | undefined {
  if (typeof fileName !== 'string' || !fileName.startsWith(PREFIX)) return undefined;
  let compressed = false;
  let core: string;
  if (fileName.endsWith(COMPRESSED_SUFFIX)) {
    compressed = true;
    core = fileName.slice(PREFIX.length, -COMPRESSED_SUFFIX.length);
  } else if (fileName.endsWith(PLAIN_SUFFIX)) {
    core = fileName.slice(PREFIX.length, -PLAIN_SUFFIX.length);
  } else {
    return undefined;
  }
  const timestamp = core.slice(0, 19);
  const match = TIMESTAMP_PATTERN.exec(timestamp);
  if (!match || core[19] !== '-') return undefined;
  const [, y, mo, d, h, mi, s] = match as unknown as [string, string, string, string, string, string, string];
  const timestampMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(timestampMs);
  // Reject impossible dates such as month 13 or February 30 instead of rolling them over.
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    check.getUTCSeconds() !== Number(s)
  ) {
    return undefined;
  }
  const ids = core.slice(20);
  let threadPart = ids;
  let rolloutPart = ids;
  if (ids.length === 73 && ids[36] === '_') {
    threadPart = ids.slice(0, 36);
    rolloutPart = ids.slice(37);
  }
  if (!isThreadId(threadPart) || !isThreadId(rolloutPart)) return undefined;
  return {
    fileName,
    timestamp,
    timestampMs,
    dateFolders: [y, mo, d],
    threadId: threadPart.toLowerCase() as ThreadId,
    rolloutId: rolloutPart.toLowerCase() as ThreadId,
    compressed,
  };
}

export interface RolloutNameOptions {
  /** IANA zone for the local time in the name and folders; default: the process's zone. */
  timeZone?: string;
}

/** `rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`, with the start time in local wall-clock time. */
export function formatRolloutFileName(threadId: string, startedAt: Date, options: RolloutNameOptions = {}): string {
  const id = checkThreadId(threadId);
  const t = toLocalDateTime(startedAt, options.timeZone);
  if (t.year < 1000 || t.year > 9999) throw new RolloutError('invalid_request', 'start time must fall in years 1000-9999');
  const stamp = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}-${pad(t.minute)}-${pad(t.second)}`;
  return `${PREFIX}${stamp}-${id}${PLAIN_SUFFIX}`;
}

/** Where a new rollout goes: `<home>/sessions/YYYY/MM/DD/<file name>` (local date). */
export function newRolloutPath(home: string, threadId: string, startedAt: Date, options: RolloutNameOptions = {}): string {
  const fileName = formatRolloutFileName(threadId, startedAt, options);
  const [year, month, day] = parseRolloutFileName(fileName)!.dateFolders;
  return join(sessionsDir(home), year, month, day, fileName);
}

/**
 * The plain `.jsonl` name or path for a possibly compressed one: the logical
 * path of a rollout, whichever of its two forms exists.
 */
export function plainRolloutPath(nameOrPath: string): string {
  return nameOrPath.endsWith('.zst') ? nameOrPath.slice(0, -'.zst'.length) : nameOrPath;
}
