import type { ThreadId } from '@threadkit/protocol';
import { agentIdentityForNewThread } from '../session-meta-for-new-thread';
import type { ThreadHistoryItem } from '../types/common';
import type { ParsedCreateThreadParams } from '../types/create-thread-params';
import type { StoredThread } from '../types/stored-thread';

/** What the in-memory backend keeps for one materialized thread. */
export interface ThreadRecord {
  fields: Omit<StoredThread, 'name' | 'history'>;
  /** Set only by a `name` patch. */
  explicitName: string | null;
  /** Set only by a `title` patch. */
  title: string | null;
  history: ThreadHistoryItem[];
}

/** A new thread's record: the facts of its session_meta, nothing observed yet. */
export function newThreadRecord(
  params: ParsedCreateThreadParams,
  createdAt: Date,
  sessionMeta: ThreadHistoryItem,
): ThreadRecord {
  const agent = agentIdentityForNewThread(params);
  const git = params.git;
  const hasGit = !!git && (git.commitHash !== null || git.branch !== null || git.repositoryUrl !== null);
  return {
    fields: {
      threadId: params.threadId,
      rolloutPath: null,
      forkedFromId: params.forkedFromId,
      parentThreadId: params.parentThreadId,
      preview: '',
      modelProvider: params.modelProvider,
      model: null,
      reasoningEffort: null,
      createdAt,
      updatedAt: createdAt,
      recencyAt: createdAt,
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
    },
    explicitName: null,
    title: null,
    history: [sessionMeta],
  };
}

// An observed title is only a fallback for the name, and not when it merely
// repeats the preview or the first message (it would say nothing new).
function displayName(record: ThreadRecord): string | null {
  if (record.explicitName !== null) return record.explicitName;
  const { title } = record;
  if (title === null || title.trim() === '') return null;
  if (title === record.fields.preview || title === record.fields.firstUserMessage) return null;
  return title;
}

/** A detached StoredThread: nothing returned aliases the backend's state. */
export function storedThreadFromRecord(record: ThreadRecord, includeHistory: boolean): StoredThread {
  const f = record.fields;
  const thread: StoredThread = {
    threadId: f.threadId,
    rolloutPath: f.rolloutPath,
    forkedFromId: f.forkedFromId,
    parentThreadId: f.parentThreadId,
    preview: f.preview,
    name: displayName(record),
    modelProvider: f.modelProvider,
    model: f.model,
    reasoningEffort: f.reasoningEffort,
    createdAt: new Date(f.createdAt),
    updatedAt: new Date(f.updatedAt),
    recencyAt: new Date(f.recencyAt),
    archivedAt: f.archivedAt ? new Date(f.archivedAt) : null,
    cwd: f.cwd,
    cliVersion: f.cliVersion,
    source: structuredClone(f.source),
    threadSource: f.threadSource,
    historyMode: f.historyMode,
    agentNickname: f.agentNickname,
    agentRole: f.agentRole,
    agentPath: f.agentPath,
    gitInfo: f.gitInfo ? { ...f.gitInfo } : null,
    approvalMode: structuredClone(f.approvalMode),
    permissionProfile: structuredClone(f.permissionProfile),
    tokenUsage: f.tokenUsage ? structuredClone(f.tokenUsage) : null,
    firstUserMessage: f.firstUserMessage,
    memoryMode: f.memoryMode,
  };
  if (includeHistory) thread.history = { threadId: f.threadId as ThreadId, items: structuredClone(record.history) };
  return thread;
}
