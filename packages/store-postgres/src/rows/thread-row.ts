import {
  cwdFilterKey,
  type ParsedCreateThreadParams,
  type StoredThread,
  type StoredThreadFields,
  storedFieldsForNewThread,
  type ThreadMetadataPatch,
  threadDisplayName,
} from '@threadkit/thread-store';
import type { SqlParams } from './sql-params';

/** A threads row as the drivers return it (bigint columns may come back as strings). */
export interface ThreadRow {
  thread_id: string;
  rollout_path: string | null;
  forked_from_id: string | null;
  parent_thread_id: string | null;
  preview: string;
  explicit_name: string | null;
  title: string | null;
  model_provider: string;
  model: string | null;
  reasoning_effort: string | null;
  created_at_ms: string | number;
  updated_at_ms: string | number;
  recency_at_ms: string | number;
  archived_at_ms: string | number | null;
  cwd: string;
  cli_version: string;
  source_json: string;
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
  memory_mode: string;
}

const ROW_COLUMNS: readonly (keyof ThreadRow)[] = [
  'thread_id',
  'rollout_path',
  'forked_from_id',
  'parent_thread_id',
  'preview',
  'explicit_name',
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
];

/** The select list of a ThreadRow, optionally qualified by a table alias. */
export function threadColumns(alias?: string): string {
  return ROW_COLUMNS.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');
}

/** The canonical text of a session source: equal texts are the same source (protocol's `sameSessionSource`). */
export function sourceKey(source: unknown): string {
  return JSON.stringify(source ?? 'vscode');
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const millis = (value: string | number): number => Number(value);

/** What a thread row holds, in the store's camelCase terms. */
export type ThreadFields = StoredThreadFields & {
  /** Set only by a `name` patch. */
  explicitName: string | null;
  /** Set only by a `title` patch. */
  title: string | null;
};

/** A new thread's fields: the facts of its session_meta, nothing observed yet. */
export function newThreadFields(params: ParsedCreateThreadParams, createdAt: Date): ThreadFields {
  return { ...storedFieldsForNewThread(params, createdAt), explicitName: null, title: null };
}

/** An INSERT of a whole threads row. */
export function insertThreadStatement(threadsTable: string, fields: ThreadFields, params: SqlParams): string {
  const columns: Record<string, unknown> = {
    thread_id: fields.threadId,
    rollout_path: fields.rolloutPath,
    forked_from_id: fields.forkedFromId,
    parent_thread_id: fields.parentThreadId,
    preview: fields.preview,
    explicit_name: fields.explicitName,
    title: fields.title,
    model_provider: fields.modelProvider,
    model: fields.model,
    reasoning_effort: fields.reasoningEffort,
    created_at_ms: fields.createdAt.getTime(),
    updated_at_ms: fields.updatedAt.getTime(),
    recency_at_ms: fields.recencyAt.getTime(),
    archived_at_ms: fields.archivedAt?.getTime() ?? null,
    cwd: fields.cwd,
    cwd_key: cwdFilterKey(fields.cwd),
    cli_version: fields.cliVersion,
    source_json: sourceKey(fields.source),
    thread_source: fields.threadSource,
    history_mode: fields.historyMode,
    agent_nickname: fields.agentNickname,
    agent_role: fields.agentRole,
    agent_path: fields.agentPath,
    git_commit_hash: fields.gitInfo?.commitHash ?? null,
    git_branch: fields.gitInfo?.branch ?? null,
    git_repository_url: fields.gitInfo?.repositoryUrl ?? null,
    approval_mode_json: json(fields.approvalMode),
    permission_profile_json: json(fields.permissionProfile),
    token_usage_json: json(fields.tokenUsage),
    first_user_message: fields.firstUserMessage,
    memory_mode: fields.memoryMode,
  };
  const names = Object.keys(columns);
  const placeholders = names.map((name) => params.bind(columns[name]));
  return `INSERT INTO ${threadsTable} (${names.join(', ')}) VALUES (${placeholders.join(', ')})`;
}

/** A StoredThread from a row. Every value is freshly parsed, so nothing aliases another result. */
export function storedThreadFromRow(row: ThreadRow): StoredThread {
  const git =
    row.git_commit_hash === null && row.git_branch === null && row.git_repository_url === null
      ? null
      : { commitHash: row.git_commit_hash, branch: row.git_branch, repositoryUrl: row.git_repository_url };
  return {
    threadId: row.thread_id,
    rolloutPath: row.rollout_path,
    forkedFromId: row.forked_from_id,
    parentThreadId: row.parent_thread_id,
    preview: row.preview,
    name: threadDisplayName({
      explicitName: row.explicit_name,
      title: row.title,
      preview: row.preview,
      firstUserMessage: row.first_user_message,
    }),
    modelProvider: row.model_provider,
    model: row.model,
    reasoningEffort: row.reasoning_effort as StoredThread['reasoningEffort'],
    createdAt: new Date(millis(row.created_at_ms)),
    updatedAt: new Date(millis(row.updated_at_ms)),
    recencyAt: new Date(millis(row.recency_at_ms)),
    archivedAt: row.archived_at_ms === null ? null : new Date(millis(row.archived_at_ms)),
    cwd: row.cwd,
    cliVersion: row.cli_version,
    source: parseJson(row.source_json) as StoredThread['source'],
    threadSource: row.thread_source,
    historyMode: row.history_mode as StoredThread['historyMode'],
    agentNickname: row.agent_nickname,
    agentRole: row.agent_role,
    agentPath: row.agent_path,
    gitInfo: git,
    approvalMode: parseJson(row.approval_mode_json) as StoredThread['approvalMode'],
    permissionProfile: parseJson(row.permission_profile_json),
    tokenUsage: parseJson(row.token_usage_json) as StoredThread['tokenUsage'],
    firstUserMessage: row.first_user_message,
    memoryMode: row.memory_mode as StoredThread['memoryMode'],
  };
}

/** The sort value of a row for a cursor, in epoch milliseconds. */
export function rowSortValue(row: ThreadRow, column: 'created_at_ms' | 'updated_at_ms' | 'recency_at_ms'): number {
  return millis(row[column]);
}

/**
 * The SET assignments of a literal patch: present fields are set (`null`
 * clears), absent ones are not mentioned. Git fields are separate columns,
 * so a partial git patch leaves the other two alone; recency only moves
 * forward (GREATEST). Column names come from this fixed table, values are
 * parameters.
 */
export function patchAssignments(patch: ThreadMetadataPatch, params: SqlParams): string[] {
  const set: string[] = [];
  const assign = (column: string, value: unknown) => set.push(`${column} = ${params.bind(value)}`);
  if (patch.name !== undefined) assign('explicit_name', patch.name);
  if (patch.title !== undefined) assign('title', patch.title);
  if (patch.rolloutPath !== undefined) assign('rollout_path', patch.rolloutPath);
  if (patch.preview !== undefined) assign('preview', patch.preview);
  if (patch.modelProvider !== undefined) assign('model_provider', patch.modelProvider);
  if (patch.model !== undefined) assign('model', patch.model);
  if (patch.reasoningEffort !== undefined) assign('reasoning_effort', patch.reasoningEffort);
  if (patch.createdAt !== undefined) assign('created_at_ms', patch.createdAt.getTime());
  if (patch.updatedAt !== undefined) assign('updated_at_ms', patch.updatedAt.getTime());
  if (patch.advanceRecencyAt !== undefined) {
    set.push(`recency_at_ms = GREATEST(recency_at_ms, ${params.bind(patch.advanceRecencyAt.getTime())}::bigint)`);
  }
  if (patch.source !== undefined) assign('source_json', sourceKey(patch.source));
  if (patch.threadSource !== undefined) assign('thread_source', patch.threadSource);
  if (patch.agentNickname !== undefined) assign('agent_nickname', patch.agentNickname);
  if (patch.agentRole !== undefined) assign('agent_role', patch.agentRole);
  if (patch.agentPath !== undefined) assign('agent_path', patch.agentPath);
  if (patch.cwd !== undefined) {
    assign('cwd', patch.cwd);
    assign('cwd_key', cwdFilterKey(patch.cwd));
  }
  if (patch.cliVersion !== undefined) assign('cli_version', patch.cliVersion);
  if (patch.approvalMode !== undefined) assign('approval_mode_json', json(patch.approvalMode));
  if (patch.permissionProfile !== undefined) assign('permission_profile_json', json(patch.permissionProfile));
  if (patch.tokenUsage !== undefined) assign('token_usage_json', json(patch.tokenUsage));
  if (patch.firstUserMessage !== undefined) assign('first_user_message', patch.firstUserMessage);
  if (patch.memoryMode !== undefined) assign('memory_mode', patch.memoryMode);
  if (patch.gitInfo !== undefined) {
    if (patch.gitInfo.sha !== undefined) assign('git_commit_hash', patch.gitInfo.sha);
    if (patch.gitInfo.branch !== undefined) assign('git_branch', patch.gitInfo.branch);
    if (patch.gitInfo.originUrl !== undefined) assign('git_repository_url', patch.gitInfo.originUrl);
  }
  return set;
}
