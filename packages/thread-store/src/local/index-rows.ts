import {
  AskForApprovalSchema,
  type AskForApproval,
  type ReasoningEffort,
  ReasoningEffortSchema,
  type TokenUsage,
  TokenUsageSchema,
} from '@threadkit/protocol';
import type { RolloutFileStat, ThreadTokenUsage } from '@threadkit/rollout';
import type { IndexedThread, IndexedThreadInput, ThreadIndexPatch } from '@threadkit/state';
import type { ThreadMetadataPatch } from '../types/thread-metadata-patch';
import { normalizeCwd } from './rollout-paths';
import type { RolloutSummary } from './rollout-summary';

// Values read from files are checked before they reach the index, so one odd
// file cannot make a batch of rows fail validation: an unreadable value is
// simply unknown.

export function reasoningEffortOrNull(value: unknown): ReasoningEffort | null {
  const parsed = ReasoningEffortSchema.safeParse(value);
  return parsed.success && typeof value === 'string' && value !== '' ? parsed.data : null;
}

export function approvalModeOrNull(value: unknown): AskForApproval | null {
  if (value === undefined || value === null) return null;
  const parsed = AskForApprovalSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function tokenUsageOrNull(value: unknown): TokenUsage | null {
  if (value === undefined || value === null) return null;
  const parsed = TokenUsageSchema.safeParse(value);
  return parsed.success ? (parsed.data as TokenUsage) : null;
}

/** Rollout's camelCase usage in the snake_case shape Codex writes and StoredThread reports. */
export function tokenUsageFromFile(usage: ThreadTokenUsage | undefined): TokenUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.inputTokens,
    cached_input_tokens: usage.cachedInputTokens,
    output_tokens: usage.outputTokens,
    reasoning_output_tokens: usage.reasoningOutputTokens,
    total_tokens: usage.totalTokens,
  } as TokenUsage;
}

/** A JSON value to keep verbatim, or null when it cannot be stored as JSON. */
export function jsonOrNull(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return null;
  }
}

export function memoryModeOf(value: unknown): 'enabled' | 'disabled' {
  return value === 'disabled' ? 'disabled' : 'enabled';
}

/**
 * The row a rollout file gives when the index has none for its thread:
 * updated at the file's mtime (as Codex's own scans and backfill say), and,
 * in the archive, archived at it too.
 */
export function indexInputFromSummary(summary: RolloutSummary, name: string | null): IndexedThreadInput {
  const m = summary.metadata;
  const mtime = summary.stat.mtimeMs;
  const git = m.gitInfo;
  return {
    threadId: summary.threadId,
    rolloutPath: summary.path,
    rolloutFile: summary.stat,
    createdAt: m.createdAt,
    updatedAt: mtime,
    recencyAt: mtime,
    archivedAt: summary.archived ? mtime : null,
    forkedFromId: m.forkedFromId ?? null,
    parentThreadId: m.parentThreadId ?? null,
    preview: m.preview ?? '',
    name,
    modelProvider: m.modelProvider ?? null,
    model: m.model ?? null,
    reasoningEffort: reasoningEffortOrNull(m.reasoningEffort),
    cwd: m.cwd === undefined ? null : normalizeCwd(m.cwd),
    cliVersion: m.cliVersion ?? null,
    source: m.source,
    threadSource: m.threadSource ?? null,
    historyMode: m.historyMode,
    agentNickname: m.agentNickname ?? null,
    agentRole: m.agentRole ?? null,
    agentPath: m.agentPath ?? null,
    gitInfo: git
      ? { commitHash: git.commitHash ?? null, branch: git.branch ?? null, repositoryUrl: git.repositoryUrl ?? null }
      : null,
    approvalMode: approvalModeOrNull(m.approvalMode),
    permissionProfile: jsonOrNull(m.permissionProfile),
    tokenUsage: tokenUsageFromFile(m.tokenUsage),
    firstUserMessage: m.firstUserMessage ?? null,
    memoryMode: memoryModeOf(m.memoryMode),
  };
}

/** True when the row was last brought in step with the file at its current size and mtime. */
export function rowReadFile(row: IndexedThread, stat: RolloutFileStat): boolean {
  return row.rolloutFile?.sizeBytes === stat.sizeBytes && row.rolloutFile.mtimeMs === stat.mtimeMs;
}

/**
 * What a changed file adds to a row that already exists. Identity facts and
 * patched values stay: the file only fills in a preview the row lacks, moves
 * the update and recency times forward, and brings the facts its tail window carries
 * (settings, usage, git and memory updates appended by another writer).
 */
export function refreshPatchFromSummary(row: IndexedThread, summary: RolloutSummary): ThreadIndexPatch {
  const patch: ThreadIndexPatch = { rolloutFile: summary.stat };
  if (row.rolloutPath !== summary.path) patch.rolloutPath = summary.path;
  const m = summary.metadata;
  if (row.preview === '' && m.preview !== undefined) {
    patch.preview = m.preview;
    if (row.firstUserMessage === null && m.firstUserMessage !== undefined) patch.firstUserMessage = m.firstUserMessage;
  }
  // A rebuilt row is updated, and recent, at the file's mtime: a changed file moves both forward.
  if (summary.stat.mtimeMs > row.updatedAt.getTime()) {
    patch.updatedAt = summary.stat.mtimeMs;
    patch.advanceRecencyAt = summary.stat.mtimeMs;
  }
  const tail = summary.tailFacts;
  if (tail.model !== undefined) patch.model = tail.model;
  if (tail.reasoningEffort !== undefined) patch.reasoningEffort = reasoningEffortOrNull(tail.reasoningEffort);
  if (tail.approvalMode !== undefined) patch.approvalMode = approvalModeOrNull(tail.approvalMode);
  if (tail.permissionProfile !== undefined) patch.permissionProfile = jsonOrNull(tail.permissionProfile);
  if (tail.tokenUsage !== undefined) patch.tokenUsage = tokenUsageOrNull(tail.tokenUsage);
  if (tail.gitInfo !== undefined) patch.gitInfo = tail.gitInfo;
  if (tail.sessionMeta) {
    patch.memoryMode = tail.sessionMeta.memoryMode;
    patch.threadSource = tail.sessionMeta.threadSource;
    patch.agentNickname = tail.sessionMeta.agentNickname;
    patch.agentRole = tail.sessionMeta.agentRole;
    patch.agentPath = tail.sessionMeta.agentPath;
  }
  return patch;
}

/**
 * A metadata patch in the index's terms. `rolloutPath` is not taken from the
 * caller (the store knows where its files are); git fields are renamed and
 * merged per field by the index.
 */
export function indexPatchFromMetadataPatch(patch: ThreadMetadataPatch): ThreadIndexPatch {
  const out: ThreadIndexPatch = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.title !== undefined) out.title = patch.title;
  if (patch.preview !== undefined) out.preview = patch.preview;
  if (patch.modelProvider !== undefined) out.modelProvider = patch.modelProvider;
  if (patch.model !== undefined) out.model = patch.model;
  if (patch.reasoningEffort !== undefined) out.reasoningEffort = patch.reasoningEffort;
  if (patch.createdAt !== undefined) out.createdAt = patch.createdAt;
  if (patch.updatedAt !== undefined) out.updatedAt = patch.updatedAt;
  if (patch.advanceRecencyAt !== undefined) out.advanceRecencyAt = patch.advanceRecencyAt;
  if (patch.source !== undefined) out.source = patch.source;
  if (patch.threadSource !== undefined) out.threadSource = patch.threadSource;
  if (patch.agentNickname !== undefined) out.agentNickname = patch.agentNickname;
  if (patch.agentRole !== undefined) out.agentRole = patch.agentRole;
  if (patch.agentPath !== undefined) out.agentPath = patch.agentPath;
  if (patch.cwd !== undefined) out.cwd = normalizeCwd(patch.cwd);
  if (patch.cliVersion !== undefined) out.cliVersion = patch.cliVersion;
  if (patch.approvalMode !== undefined) out.approvalMode = patch.approvalMode;
  if (patch.permissionProfile !== undefined) out.permissionProfile = patch.permissionProfile;
  if (patch.tokenUsage !== undefined) out.tokenUsage = patch.tokenUsage;
  if (patch.firstUserMessage !== undefined) out.firstUserMessage = patch.firstUserMessage;
  if (patch.memoryMode !== undefined) out.memoryMode = patch.memoryMode;
  const git = patch.gitInfo;
  if (git && (git.sha !== undefined || git.branch !== undefined || git.originUrl !== undefined)) {
    out.gitInfo = {};
    if (git.sha !== undefined) out.gitInfo.commitHash = git.sha;
    if (git.branch !== undefined) out.gitInfo.branch = git.branch;
    if (git.originUrl !== undefined) out.gitInfo.repositoryUrl = git.originUrl;
  }
  return out;
}
