import { agentIdentityForNewThread } from '../session-meta-for-new-thread';
import type { ParsedCreateThreadParams } from '../types/create-thread-params';
import type { GitInfoPatch, ThreadMetadataPatch } from '../types/thread-metadata-patch';

/**
 * The metadata a new thread starts with, as one literal patch: what the
 * caller said about it (provider, source, cwd, agent identity, git facts,
 * memory mode) and when it was created. `null` clears, so a store that
 * somehow holds older values for the id ends up with exactly these.
 */
export function createdThreadPatch(
  params: ParsedCreateThreadParams,
  createdAt: Date,
  cliVersion: string = params.cliVersion,
): ThreadMetadataPatch {
  const agent = agentIdentityForNewThread(params);
  const patch: ThreadMetadataPatch = {
    modelProvider: params.modelProvider,
    createdAt,
    updatedAt: createdAt,
    source: structuredClone(params.source),
    threadSource: params.threadSource,
    agentNickname: agent.agentNickname,
    agentRole: agent.agentRole,
    agentPath: agent.agentPath,
    cwd: params.cwd,
    cliVersion,
    memoryMode: params.memoryMode,
  };
  // Git facts are collected by the caller; unknown parts are left alone, not cleared.
  const git: GitInfoPatch = {};
  if (params.git?.commitHash) git.sha = params.git.commitHash;
  if (params.git?.branch) git.branch = params.git.branch;
  if (params.git?.repositoryUrl) git.originUrl = params.git.repositoryUrl;
  if (Object.keys(git).length > 0) patch.gitInfo = git;
  return patch;
}
