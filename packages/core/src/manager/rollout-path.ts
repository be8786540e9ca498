import { resolve } from 'node:path';
import { parseThreadId, type ThreadId } from '@threadkit/protocol';

// rollout-<local time>-<uuid>.jsonl, optionally compressed (.jsonl.zst).
const ROLLOUT_FILE_NAME =
  /(?:^|[\\/])rollout-[^\\/]*?-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.jsonl(?:\.zst)?$/;

/** The thread id in a rollout file name, or undefined when the name is not a rollout file's. */
export function threadIdFromRolloutPath(path: string): ThreadId | undefined {
  const match = ROLLOUT_FILE_NAME.exec(path);
  return match ? parseThreadId(match[1]) : undefined;
}

/** Whether two paths name the same rollout (a compressed file stands for its logical `.jsonl`). */
export function sameRolloutPath(a: string, b: string): boolean {
  const logical = (path: string) => resolve(path).replace(/\.zst$/, '');
  return logical(a) === logical(b);
}
