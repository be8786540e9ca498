import type { ThreadId } from '@threadkit/protocol';
import { threadDisplayName } from '../display-name';
import { type StoredThreadFields, storedFieldsForNewThread } from '../new-thread-fields';
import type { ThreadHistoryItem } from '../types/common';
import type { ParsedCreateThreadParams } from '../types/create-thread-params';
import type { StoredThread } from '../types/stored-thread';

/** What the in-memory backend keeps for one materialized thread. */
export interface ThreadRecord {
  fields: StoredThreadFields;
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
  return { fields: storedFieldsForNewThread(params, createdAt), explicitName: null, title: null, history: [sessionMeta] };
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
    name: threadDisplayName({
      explicitName: record.explicitName,
      title: record.title,
      preview: f.preview,
      firstUserMessage: f.firstUserMessage,
    }),
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
