import type { TokenUsage } from '@threadkit/protocol';
import type { StoredThread } from '@threadkit/thread-store';

/**
 * The `--json` shape of a thread: every StoredThread field, camelCase, in a
 * fixed order, dates as ISO 8601 strings (UTC), `null` where the store has no
 * value. Token counts are renamed to camelCase too (missing counts are 0, as
 * Codex reads them). `history` is never included here (export carries it separately).
 * This shape is documented in README.md and only ever grows.
 */
export interface ThreadJson {
  threadId: string;
  name: string | null;
  preview: string;
  createdAt: string;
  updatedAt: string;
  recencyAt: string;
  archivedAt: string | null;
  cwd: string;
  source: unknown;
  threadSource: string | null;
  modelProvider: string;
  model: string | null;
  reasoningEffort: string | null;
  cliVersion: string;
  historyMode: string;
  forkedFromId: string | null;
  parentThreadId: string | null;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  gitInfo: { commitHash: string | null; branch: string | null; repositoryUrl: string | null } | null;
  approvalMode: unknown;
  permissionProfile: unknown;
  tokenUsage: TokenUsageJson | null;
  firstUserMessage: string | null;
  memoryMode: string;
  rolloutPath: string | null;
}

export function threadJson(thread: StoredThread): ThreadJson {
  return {
    threadId: thread.threadId,
    name: thread.name,
    preview: thread.preview,
    createdAt: thread.createdAt.toISOString(),
    updatedAt: thread.updatedAt.toISOString(),
    recencyAt: thread.recencyAt.toISOString(),
    archivedAt: thread.archivedAt ? thread.archivedAt.toISOString() : null,
    cwd: thread.cwd,
    source: thread.source,
    threadSource: thread.threadSource,
    modelProvider: thread.modelProvider,
    model: thread.model,
    reasoningEffort: thread.reasoningEffort,
    cliVersion: thread.cliVersion,
    historyMode: thread.historyMode,
    forkedFromId: thread.forkedFromId,
    parentThreadId: thread.parentThreadId,
    agentNickname: thread.agentNickname,
    agentRole: thread.agentRole,
    agentPath: thread.agentPath,
    gitInfo: thread.gitInfo
      ? {
          commitHash: thread.gitInfo.commitHash,
          branch: thread.gitInfo.branch,
          repositoryUrl: thread.gitInfo.repositoryUrl,
        }
      : null,
    approvalMode: thread.approvalMode,
    permissionProfile: thread.permissionProfile ?? null,
    tokenUsage: thread.tokenUsage ? tokenUsageJson(thread.tokenUsage) : null,
    firstUserMessage: thread.firstUserMessage,
    memoryMode: thread.memoryMode,
    rolloutPath: thread.rolloutPath,
  };
}

/** Token counts of a thread, camelCase. */
export interface TokenUsageJson {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  totalTokens: number;
}

export function tokenUsageJson(usage: TokenUsage): TokenUsageJson {
  return {
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.cached_input_tokens ?? 0,
    cacheWriteInputTokens: usage.cache_write_input_tokens ?? 0,
    outputTokens: usage.output_tokens,
    reasoningOutputTokens: usage.reasoning_output_tokens ?? 0,
    totalTokens: usage.total_tokens,
  };
}
