import type { ThreadId } from '@threadkit/protocol';
import type { IndexedThread } from './indexed-thread';

/** A `threads` row as stored: one property per column, in SQLite's types. */
export interface ThreadColumns {
  thread_id: string;
  rollout_path: string;
  rollout_size: number | null;
  rollout_mtime_ms: number | null;
  forked_from_id: string | null;
  parent_thread_id: string | null;
  preview: string;
  name: string | null;
  title: string | null;
  model_provider: string | null;
  model: string | null;
  reasoning_effort: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  recency_at_ms: number;
  archived_at_ms: number | null;
  cwd: string;
  cli_version: string;
  source_json: string;
  source_label: string;
  thread_source: string | null;
  history_mode: string;
  agent_nickname: string | null;
  agent_role: string | null;
  agent_path: string | null;
  git_commit_hash: string | null;
  git_branch: string | null;
  git_repository_url: string | null;
  approval_mode_json: string | null;
  permission_profile_json: string | null;
  token_usage_json: string | null;
  first_user_message: string | null;
  memory_mode: string | null;
}

export const THREAD_COLUMN_NAMES = [
  'thread_id',
  'rollout_path',
  'rollout_size',
  'rollout_mtime_ms',
  'forked_from_id',
  'parent_thread_id',
  'preview',
  'name',
  'title',
  'model_provider',
  'model',
  'reasoning_effort',
  'created_at_ms',
  'updated_at_ms',
  'recency_at_ms',
  'archived_at_ms',
  'cwd',
  'cli_version',
  'source_json',
  'source_label',
  'thread_source',
  'history_mode',
  'agent_nickname',
  'agent_role',
  'agent_path',
  'git_commit_hash',
  'git_branch',
  'git_repository_url',
  'approval_mode_json',
  'permission_profile_json',
  'token_usage_json',
  'first_user_message',
  'memory_mode',
] as const satisfies readonly (keyof ThreadColumns)[];

/** `t.thread_id, t.rollout_path, ...`: the select list every row read uses. */
export const THREAD_SELECT_LIST = THREAD_COLUMN_NAMES.map((column) => `t.${column}`).join(', ');

const QUOTE = 34;

/** JSON text back to a value; plain strings (most sources and approval modes) skip the parser. */
function parseJsonColumn(text: string | null): unknown {
  if (text === null) return null;
  if (text.charCodeAt(0) === QUOTE && !text.includes('\\')) return text.slice(1, -1);
  return JSON.parse(text);
}

/** Turns a stored row into the public shape. Kept branch-light: it runs for every listed row. */
export function decodeThreadRow(row: ThreadColumns): IndexedThread {
  const hasGit = row.git_commit_hash !== null || row.git_branch !== null || row.git_repository_url !== null;
  return {
    threadId: row.thread_id as ThreadId,
    rolloutPath: row.rollout_path,
    rolloutFile:
      row.rollout_size === null || row.rollout_mtime_ms === null
        ? null
        : { sizeBytes: row.rollout_size, mtimeMs: row.rollout_mtime_ms },
    forkedFromId: row.forked_from_id as ThreadId | null,
    parentThreadId: row.parent_thread_id as ThreadId | null,
    preview: row.preview,
    name: row.name,
    title: row.title,
    modelProvider: row.model_provider,
    model: row.model,
    reasoningEffort: row.reasoning_effort,
    createdAt: new Date(row.created_at_ms),
    updatedAt: new Date(row.updated_at_ms),
    recencyAt: new Date(row.recency_at_ms),
    archivedAt: row.archived_at_ms === null ? null : new Date(row.archived_at_ms),
    cwd: row.cwd,
    cliVersion: row.cli_version,
    source: parseJsonColumn(row.source_json) as IndexedThread['source'],
    sourceLabel: row.source_label,
    threadSource: row.thread_source,
    historyMode: row.history_mode,
    agentNickname: row.agent_nickname,
    agentRole: row.agent_role,
    agentPath: row.agent_path,
    gitInfo: hasGit
      ? { commitHash: row.git_commit_hash, branch: row.git_branch, repositoryUrl: row.git_repository_url }
      : null,
    approvalMode: parseJsonColumn(row.approval_mode_json) as IndexedThread['approvalMode'],
    permissionProfile: parseJsonColumn(row.permission_profile_json),
    tokenUsage: parseJsonColumn(row.token_usage_json) as IndexedThread['tokenUsage'],
    firstUserMessage: row.first_user_message,
    memoryMode: row.memory_mode,
  };
}
