import { existingRolloutFile, readLatestSessionMetas } from '@threadkit/rollout';
import type { ThreadIndexPatch } from '@threadkit/state';
import { parseUpdateThreadMetadataParams } from '../parse-params';
import type { StoredGitInfo } from '../types/common';
import type { StoredThread } from '../types/stored-thread';
import {
  type GitInfoPatch,
  isEmptyThreadMetadataPatch,
  type ThreadMetadataPatch,
} from '../types/thread-metadata-patch';
import type { UpdateThreadMetadataParams } from '../types/update-thread-metadata-params';
import { indexPatchFromMetadataPatch } from './index-rows';
import { materialize } from './live-writer';
import type { LocatedThread } from './locate-thread';
import { describeLocatedThread, locateVisibleThread, readThread, summarizeLocatedThread } from './read-thread';
import { appendToThreadRollout, sessionMetaCopy } from './session-meta-copy';
import { type SessionMetaFacts, sessionMetaFacts, sessionMetaGit } from './session-meta-facts';
import type { LocalStoreContext } from './store-context';
import { withThreadMutex } from './thread-mutex';
import { asStoreErrors, toStoreError } from './to-store-error';

const COPYABLE_FIELDS = ['threadSource', 'agentNickname', 'agentRole', 'agentPath', 'memoryMode'] as const;

function changesGit(git: GitInfoPatch | undefined): git is GitInfoPatch {
  return !!git && (git.sha !== undefined || git.branch !== undefined || git.originUrl !== undefined);
}

function mergeGit(current: StoredGitInfo | null, patch: GitInfoPatch): StoredGitInfo | null {
  const pick = (now: string | null, change: string | null | undefined) => (change === undefined ? now : change);
  const merged = {
    commitHash: pick(current?.commitHash ?? null, patch.sha),
    branch: pick(current?.branch ?? null, patch.branch),
    repositoryUrl: pick(current?.repositoryUrl ?? null, patch.originUrl),
  };
  return merged.commitHash === null && merged.branch === null && merged.repositoryUrl === null ? null : merged;
}

const sameGit = (a: StoredGitInfo | null, b: StoredGitInfo | null) =>
  a?.commitHash === b?.commitHash && a?.branch === b?.branch && a?.repositoryUrl === b?.repositoryUrl;

/** True when the patch would change a fact the rollout's session_meta lines carry. */
function changesSessionMetaFacts(patch: ThreadMetadataPatch, current: StoredThread): boolean {
  for (const field of COPYABLE_FIELDS) {
    if (patch[field] !== undefined && patch[field] !== current[field]) return true;
  }
  return changesGit(patch.gitInfo) && !sameGit(mergeGit(current.gitInfo, patch.gitInfo), current.gitInfo);
}

/**
 * Writes a memory-mode, git, thread-source or agent change into the rollout
 * the way Codex does: a copy of the first session_meta carrying the facts
 * in force afterwards. What is in force is read from the whole file (its
 * latest session_meta lines), and nothing is appended when the file already
 * says it: a live thread reporting what its history says adds no line.
 */
async function recordInRollout(ctx: LocalStoreContext, located: LocatedThread, patch: ThreadMetadataPatch): Promise<boolean> {
  const first = (await summarizeLocatedThread(ctx, located)).firstSessionMeta;
  const latest = await readLatestSessionMetas(located.actualPath, located.threadId);
  const now = sessionMetaFacts(latest.last ?? first);
  const gitNow = latest.lastWithGit ? sessionMetaGit(latest.lastWithGit) : null;
  const next: SessionMetaFacts = { ...now };
  if (patch.threadSource !== undefined) next.threadSource = patch.threadSource;
  if (patch.agentNickname !== undefined) next.agentNickname = patch.agentNickname;
  if (patch.agentRole !== undefined) next.agentRole = patch.agentRole;
  if (patch.agentPath !== undefined) next.agentPath = patch.agentPath;
  if (patch.memoryMode !== undefined) next.memoryMode = patch.memoryMode;
  const gitNext = changesGit(patch.gitInfo) ? mergeGit(gitNow, patch.gitInfo) : gitNow;
  const unchanged = COPYABLE_FIELDS.every((field) => next[field] === now[field]) && sameGit(gitNext, gitNow);
  if (unchanged) return false;
  await appendToThreadRollout(ctx, located, [sessionMetaCopy(first, next, gitNext)]);
  return true;
}

/**
 * A recorded change is a write: the file's mtime moves, and a row rebuilt
 * from the file is updated (and recent) at that mtime, so this row moves
 * with it, as Codex's index does when it reads the rollout after such a change.
 */
async function touchedByRecord(located: LocatedThread, current: StoredThread): Promise<ThreadIndexPatch> {
  const found = await existingRolloutFile(located.path);
  const mtime = found?.stat.mtimeMs;
  if (mtime === undefined || mtime <= current.updatedAt.getTime()) return {};
  return { updatedAt: mtime, advanceRecencyAt: mtime };
}

/**
 * Applies a literal patch. The files first: a name is appended to
 * `session_index.jsonl`; a memory-mode, git, thread-source or agent change to
 * the rollout (see recordInRollout), so Codex and index-less readers see it.
 * Then the index takes every field; an index failure is reported and never
 * fails the update, since the files already hold what must survive. A created
 * thread without history is materialized first; an unknown thread is
 * `thread_not_found` and nothing is created.
 */
export function updateThreadMetadata(ctx: LocalStoreContext, params: UpdateThreadMetadataParams): Promise<StoredThread> {
  const parsed = parseUpdateThreadMetadataParams(params);
  const { threadId, patch, includeArchived } = parsed;
  if (isEmptyThreadMetadataPatch(patch)) return readThread(ctx, { threadId, includeArchived });
  return asStoreErrors(threadId, () =>
    withThreadMutex(ctx.home, threadId, async () => {
      const writer = ctx.writers.get(threadId);
      if (writer && !writer.materialized) await materialize(ctx, writer);
      const located = await locateVisibleThread(ctx, threadId, includeArchived);
      // The thread as it stands, with an index row made from its file if it had none.
      const current = await describeLocatedThread(ctx, located);

      // Threadkit appends only to legacy rollouts; other modes keep such changes in the index.
      let touched: ThreadIndexPatch | undefined;
      if (current.historyMode === 'legacy' && changesSessionMetaFacts(patch, current)) {
        if (await recordInRollout(ctx, located, patch)) touched = await touchedByRecord(located, current);
      }
      if (patch.name !== undefined) await ctx.names.append(threadId, patch.name ?? '');

      try {
        ctx.index?.use((index) => {
          // First, so that the patch's own times, when it has them, apply as they do anywhere else.
          if (touched) index.patchThread(threadId, touched);
          return index.patchThread(threadId, indexPatchFromMetadataPatch(patch));
        });
      } catch (error) {
        // The index refused a value the patch schema let through: report it, keep what the files hold.
        ctx.onIndexError(toStoreError(error, threadId));
      }
      return readThread(ctx, { threadId, includeArchived: true });
    }),
  );
}
