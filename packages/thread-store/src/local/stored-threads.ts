import type { HistoryMode, SessionSource, ThreadId } from '@threadkit/protocol';
import type { IndexedThread } from '@threadkit/state';
import { threadDisplayName } from '../display-name';
import type { StoredGitInfo } from '../types/common';
import type { StoredThread } from '../types/stored-thread';
import { approvalModeOrNull, jsonOrNull, memoryModeOf, reasoningEffortOrNull, tokenUsageFromFile } from './index-rows';
import type { NameBook } from './name-book';
import { normalizeCwd } from './rollout-paths';
import type { RolloutSummary } from './rollout-summary';

/**
 * Only the legacy mode is written and replayed by threadkit; any other mode
 * (paginated, or one from a newer Codex) is reported as paginated, which
 * keeps such threads readable but never appended to.
 */
export function historyModeOf(mode: string | undefined): HistoryMode {
  return mode === undefined || mode === 'legacy' ? 'legacy' : 'paginated';
}

/**
 * The name to show. The explicit name is the one `session_index.jsonl` holds
 * (where Codex reads and writes it, and where every rename is written first);
 * the index's copy is only for search, so a name removed from the file is
 * gone, as it is from an index rebuilt from the files. Then the one naming
 * rule of every store applies.
 */
export function displayName(
  fromNameIndex: string | null | undefined,
  title: string | null,
  preview: string,
  firstUserMessage: string | null,
): string | null {
  return threadDisplayName({ explicitName: fromNameIndex ?? null, title, preview, firstUserMessage });
}

function copyGit(git: StoredGitInfo | null): StoredGitInfo | null {
  if (!git || (git.commitHash === null && git.branch === null && git.repositoryUrl === null)) return null;
  return { commitHash: git.commitHash, branch: git.branch, repositoryUrl: git.repositoryUrl };
}

/**
 * A StoredThread from an index row. The index decodes fresh objects and
 * Dates for every row it returns and validated every value on the way in,
 * so they are used as they are: this runs for every listed thread.
 */
export function storedThreadFromRow(row: IndexedThread, names: NameBook, defaultModelProvider: string): StoredThread {
  return {
    threadId: row.threadId,
    rolloutPath: row.rolloutPath,
    forkedFromId: row.forkedFromId,
    parentThreadId: row.parentThreadId,
    preview: row.preview,
    name: displayName(names.explicitName(row.threadId), row.title, row.preview, row.firstUserMessage),
    modelProvider: row.modelProvider ?? defaultModelProvider,
    model: row.model,
    reasoningEffort: row.reasoningEffort,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    recencyAt: row.recencyAt,
    archivedAt: row.archivedAt,
    cwd: row.cwd,
    cliVersion: row.cliVersion,
    source: row.source as SessionSource,
    threadSource: row.threadSource,
    historyMode: historyModeOf(row.historyMode),
    agentNickname: row.agentNickname,
    agentRole: row.agentRole,
    agentPath: row.agentPath,
    gitInfo: row.gitInfo,
    approvalMode: row.approvalMode,
    permissionProfile: row.permissionProfile,
    tokenUsage: row.tokenUsage,
    firstUserMessage: row.firstUserMessage,
    memoryMode: memoryModeOf(row.memoryMode),
  };
}

/**
 * A StoredThread from the files alone: what the rollout's head and tail say,
 * the name from `session_index.jsonl`, and the file's mtime as the update
 * time (as in Codex's file scan; archived threads are archived at it too).
 */
export function storedThreadFromSummary(
  summary: RolloutSummary,
  names: NameBook,
  defaultModelProvider: string,
): StoredThread {
  const m = summary.metadata;
  const mtime = summary.stat.mtimeMs;
  const preview = m.preview ?? '';
  const firstUserMessage = m.firstUserMessage ?? null;
  const git = m.gitInfo;
  return {
    threadId: summary.threadId as ThreadId,
    rolloutPath: summary.path,
    forkedFromId: m.forkedFromId ?? null,
    parentThreadId: m.parentThreadId ?? null,
    preview,
    name: displayName(names.explicitName(summary.threadId), null, preview, firstUserMessage),
    modelProvider: m.modelProvider ?? defaultModelProvider,
    model: m.model ?? null,
    reasoningEffort: reasoningEffortOrNull(m.reasoningEffort),
    createdAt: new Date(m.createdAt),
    updatedAt: new Date(mtime),
    recencyAt: new Date(mtime),
    archivedAt: summary.archived ? new Date(mtime) : null,
    cwd: m.cwd === undefined ? '' : normalizeCwd(m.cwd),
    cliVersion: m.cliVersion ?? '',
    source: structuredClone(m.source),
    threadSource: m.threadSource ?? null,
    historyMode: historyModeOf(m.historyMode),
    agentNickname: m.agentNickname ?? null,
    agentRole: m.agentRole ?? null,
    agentPath: m.agentPath ?? null,
    gitInfo: git
      ? copyGit({
          commitHash: git.commitHash ?? null,
          branch: git.branch ?? null,
          repositoryUrl: git.repositoryUrl ?? null,
        })
      : null,
    approvalMode: approvalModeOrNull(structuredClone(m.approvalMode)),
    permissionProfile: jsonOrNull(m.permissionProfile),
    tokenUsage: tokenUsageFromFile(m.tokenUsage),
    firstUserMessage,
    memoryMode: memoryModeOf(m.memoryMode),
  };
}
