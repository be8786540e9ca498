import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { existingRolloutFile, plainRolloutPath } from '@threadkit/rollout';
import { ThreadStoreError } from '../errors';
import { parseReadThreadByRolloutPathParams } from '../parse-params';
import type { ReadThreadByRolloutPathParams } from '../types/read-thread-params';
import type { StoredThread } from '../types/stored-thread';
import { locateThread } from './locate-thread';
import { describeLocatedThread, historyOf } from './read-thread';
import { summarizeRollout } from './rollout-summary';
import type { LocalStoreContext } from './store-context';
import { storedThreadFromSummary } from './stored-threads';
import { asStoreErrors } from './to-store-error';

function unresolvable(path: string, reason: string): ThreadStoreError {
  return ThreadStoreError.invalidRequest(`failed to resolve rollout path \`${path}\`: ${reason}`, {
    field: 'rolloutPath',
  });
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'other' | 'missing'> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'directory';
    return info.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/**
 * The real location of a rollout (symlinks and `..` resolved), written under
 * the store's home when it lies there, so it compares equal to the paths the
 * store keeps for its own files.
 */
async function canonicalRolloutPath(ctx: LocalStoreContext, actualPath: string): Promise<string> {
  const real = await realpath(actualPath);
  const realHome = await realpath(ctx.home).catch(() => ctx.home);
  const inHome = relative(realHome, real);
  const canonical = inHome !== '' && !inHome.startsWith(`..${sep}`) && inHome !== '..' && !isAbsolute(inHome)
    ? join(ctx.home, inHome)
    : real;
  return plainRolloutPath(canonical);
}

/**
 * Reads the thread a rollout file holds (Codex's `read_thread_by_rollout_path`):
 * a relative path is taken from the home; a directory, something that is not
 * a file, a missing file (plain or `.zst`) or a file without a session_meta is
 * `invalid_request`. The thread is the one the file's session_meta names; when
 * the file is that thread's rollout in this home, the index row describes it,
 * otherwise the file alone does (a copy elsewhere is never indexed).
 */
export function readThreadByRolloutPath(
  ctx: LocalStoreContext,
  params: ReadThreadByRolloutPathParams,
): Promise<StoredThread> {
  const parsed = parseReadThreadByRolloutPathParams(params);
  const requested = resolve(ctx.home, parsed.rolloutPath);
  return asStoreErrors(undefined, async () => {
    const kind = await kindOf(requested);
    if (kind === 'directory') throw unresolvable(requested, 'path is a directory');
    if (kind === 'other') throw unresolvable(requested, 'path is not a file');
    const found = await existingRolloutFile(requested);
    if (!found) throw unresolvable(requested, 'file does not exist');

    const path = await canonicalRolloutPath(ctx, found.actualPath);
    const file = await existingRolloutFile(path);
    const summary = file && (await summarizeRollout(path, { archivedDir: ctx.archivedDir, ...file }));
    if (!summary) throw unresolvable(requested, 'the file does not start with a session_meta');
    const { threadId } = summary;

    const located = await locateThread(ctx, threadId);
    let thread: StoredThread;
    if (located?.path === path) {
      thread = await describeLocatedThread(ctx, located);
    } else {
      await ctx.names.refresh();
      thread = storedThreadFromSummary(summary, ctx.names, ctx.defaultModelProvider);
    }
    if (thread.archivedAt !== null && !parsed.includeArchived) {
      throw ThreadStoreError.threadNotFound(threadId, 'it is archived (pass includeArchived to reach it)');
    }
    if (parsed.includeHistory) {
      thread.history = await historyOf({ threadId, actualPath: summary.actualPath });
    }
    return thread;
  });
}
