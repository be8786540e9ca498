import { agentIdentityForNewThread } from './session-meta-for-new-thread';
import type { ParsedCreateThreadParams } from './types/create-thread-params';
import type { StoredThread } from './types/stored-thread';

/** The fields of a StoredThread that a store keeps (the name is derived, the history separate). */
export type StoredThreadFields = Omit<StoredThread, 'name' | 'history'>;

/**
 * What a new thread is when it materializes: the facts of its session_meta,
 * created, updated and recent at `createdAt`, nothing observed yet.
 */
export function storedFieldsForNewThread(params: ParsedCreateThreadParams, createdAt: Date): StoredThreadFields {
  const agent = agentIdentityForNewThread(params);
  const git = params.git;
  const hasGit = !!git && (git.commitHash !== null || git.branch !== null || git.repositoryUrl !== null);
  return {
    threadId: params.threadId,
    rolloutPath: null,
    forkedFromId: params.forkedFromId,
    parentThreadId: params.parentThreadId,
    preview: '',
    modelProvider: params.modelProvider,
    model: null,
    reasoningEffort: null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(createdAt),
    recencyAt: new Date(createdAt),
    archivedAt: null,
    cwd: params.cwd,
    cliVersion: params.cliVersion,
    source: structuredClone(params.source),
    threadSource: params.threadSource,
    historyMode: params.historyMode,
    agentNickname: agent.agentNickname,
    agentRole: agent.agentRole,
    agentPath: agent.agentPath,
    gitInfo: hasGit && git ? { ...git } : null,
    approvalMode: null,
    permissionProfile: null,
    tokenUsage: null,
    firstUserMessage: null,
    memoryMode: params.memoryMode,
  };
}
