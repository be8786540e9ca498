import type { ThreadMetadataPatch } from '../types/thread-metadata-patch';
import type { ThreadRecord } from './thread-record';

const applyGit = (current: string | null, patch: string | null | undefined): string | null =>
  patch === undefined ? current : patch;

/**
 * Applies a validated patch literally: set fields are set, `null` clears,
 * absent fields stay. Only `advanceRecencyAt` is not literal: recency
 * never moves backwards.
 */
export function applyThreadMetadataPatch(record: ThreadRecord, patch: ThreadMetadataPatch): void {
  const f = record.fields;
  if (patch.name !== undefined) record.explicitName = patch.name;
  if (patch.title !== undefined) record.title = patch.title;
  if (patch.rolloutPath !== undefined) f.rolloutPath = patch.rolloutPath;
  if (patch.preview !== undefined) f.preview = patch.preview;
  if (patch.modelProvider !== undefined) f.modelProvider = patch.modelProvider;
  if (patch.model !== undefined) f.model = patch.model;
  if (patch.reasoningEffort !== undefined) f.reasoningEffort = patch.reasoningEffort;
  if (patch.createdAt !== undefined) f.createdAt = new Date(patch.createdAt);
  if (patch.updatedAt !== undefined) f.updatedAt = new Date(patch.updatedAt);
  if (patch.advanceRecencyAt !== undefined && patch.advanceRecencyAt.getTime() > f.recencyAt.getTime()) {
    f.recencyAt = new Date(patch.advanceRecencyAt);
  }
  if (patch.source !== undefined) f.source = structuredClone(patch.source);
  if (patch.threadSource !== undefined) f.threadSource = patch.threadSource;
  if (patch.agentNickname !== undefined) f.agentNickname = patch.agentNickname;
  if (patch.agentRole !== undefined) f.agentRole = patch.agentRole;
  if (patch.agentPath !== undefined) f.agentPath = patch.agentPath;
  if (patch.cwd !== undefined) f.cwd = patch.cwd;
  if (patch.cliVersion !== undefined) f.cliVersion = patch.cliVersion;
  if (patch.approvalMode !== undefined) f.approvalMode = structuredClone(patch.approvalMode);
  if (patch.permissionProfile !== undefined) f.permissionProfile = structuredClone(patch.permissionProfile);
  if (patch.tokenUsage !== undefined) f.tokenUsage = structuredClone(patch.tokenUsage);
  if (patch.firstUserMessage !== undefined) f.firstUserMessage = patch.firstUserMessage;
  if (patch.memoryMode !== undefined) f.memoryMode = patch.memoryMode;
  if (patch.gitInfo !== undefined) {
    const commitHash = applyGit(f.gitInfo?.commitHash ?? null, patch.gitInfo.sha);
    const branch = applyGit(f.gitInfo?.branch ?? null, patch.gitInfo.branch);
    const repositoryUrl = applyGit(f.gitInfo?.repositoryUrl ?? null, patch.gitInfo.originUrl);
    const empty = commitHash === null && branch === null && repositoryUrl === null;
    f.gitInfo = empty ? null : { commitHash, branch, repositoryUrl };
  }
}
