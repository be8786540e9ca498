import type { ThreadHistoryItem } from './types/common';
import type { ParsedCreateThreadParams } from './types/create-thread-params';

function spawnIdentity(source: unknown): { agent_nickname?: unknown; agent_role?: unknown; agent_path?: unknown } {
  if (typeof source !== 'object' || source === null) return {};
  const subagent = (source as { subagent?: unknown }).subagent;
  if (typeof subagent !== 'object' || subagent === null) return {};
  const spawn = (subagent as { thread_spawn?: unknown }).thread_spawn;
  if (typeof spawn !== 'object' || spawn === null) return {};
  const fields = spawn as Record<string, unknown>;
  return {
    agent_nickname: fields.agent_nickname,
    agent_role: fields.agent_role ?? fields.agent_type,
    agent_path: fields.agent_path,
  };
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Agent identity of a new thread: the explicit params, else the `thread_spawn` fields of its source. */
export function agentIdentityForNewThread(params: ParsedCreateThreadParams): {
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
} {
  const spawned = spawnIdentity(params.source);
  return {
    agentNickname: params.agentNickname ?? stringOrNull(spawned.agent_nickname),
    agentRole: params.agentRole ?? stringOrNull(spawned.agent_role),
    agentPath: params.agentPath ?? stringOrNull(spawned.agent_path),
  };
}

/**
 * The first history item of a new thread: the `session_meta` Codex writes,
 * in legacy history mode, with Codex's field order. Stores write it when the
 * thread materializes, so resume, fork and Codex itself see the same facts.
 */
export function sessionMetaForNewThread(params: ParsedCreateThreadParams, createdAt: Date): ThreadHistoryItem {
  const agent = agentIdentityForNewThread(params);
  const meta: Record<string, unknown> = {
    session_id: params.sessionId ?? params.threadId,
    id: params.threadId,
  };
  if (params.forkedFromId) meta.forked_from_id = params.forkedFromId;
  if (params.parentThreadId) meta.parent_thread_id = params.parentThreadId;
  meta.timestamp = createdAt.toISOString();
  meta.cwd = params.cwd;
  meta.originator = params.originator;
  meta.cli_version = params.cliVersion;
  meta.source = structuredClone(params.source);
  if (params.threadSource !== null) meta.thread_source = params.threadSource;
  if (agent.agentNickname !== null) meta.agent_nickname = agent.agentNickname;
  if (agent.agentRole !== null) meta.agent_role = agent.agentRole;
  if (agent.agentPath !== null) meta.agent_path = agent.agentPath;
  meta.model_provider = params.modelProvider;
  if (params.baseInstructions) meta.base_instructions = structuredClone(params.baseInstructions);
  if (params.dynamicTools.length > 0) meta.dynamic_tools = structuredClone(params.dynamicTools);
  // Codex writes the mode only when memories are off; absent means enabled.
  if (params.memoryMode === 'disabled') meta.memory_mode = 'disabled';
  meta.history_mode = params.historyMode;
  const git: Record<string, string> = {};
  if (params.git?.commitHash) git.commit_hash = params.git.commitHash;
  if (params.git?.branch) git.branch = params.git.branch;
  if (params.git?.repositoryUrl) git.repository_url = params.git.repositoryUrl;
  if (Object.keys(git).length > 0) meta.git = git;
  return { type: 'session_meta', payload: meta } as ThreadHistoryItem;
}
