import type { StoredGitInfo } from '../types/common';

/** The thread facts a session_meta copy can change (Codex folds every session_meta of the thread, the last wins). */
export interface SessionMetaFacts {
  threadSource: string | null;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  memoryMode: 'enabled' | 'disabled';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Agent fields of a `{subagent:{thread_spawn:{...}}}` source, which older files carry instead of top-level fields. */
function threadSpawnOf(source: unknown): Record<string, unknown> {
  if (!isObject(source) || !isObject(source.subagent) || !isObject(source.subagent.thread_spawn)) return {};
  return source.subagent.thread_spawn;
}

/** Reads the copyable facts of one session_meta payload the way rollout's metadata extraction does. */
export function sessionMetaFacts(payload: Record<string, unknown>): SessionMetaFacts {
  const spawn = threadSpawnOf(payload.source);
  return {
    threadSource: textOrNull(payload.thread_source),
    agentNickname: textOrNull(payload.agent_nickname) ?? textOrNull(spawn.agent_nickname),
    agentRole:
      textOrNull(payload.agent_role) ??
      textOrNull(payload.agent_type) ??
      textOrNull(spawn.agent_role) ??
      textOrNull(spawn.agent_type),
    agentPath: textOrNull(payload.agent_path) ?? textOrNull(spawn.agent_path),
    memoryMode: payload.memory_mode === 'disabled' ? 'disabled' : 'enabled',
  };
}

/** The git facts of a session_meta that carries `git` (`null` when it says none are known). */
export function sessionMetaGit(payload: Record<string, unknown>): StoredGitInfo | null {
  const git = isObject(payload.git) ? payload.git : {};
  const info = {
    commitHash: textOrNull(git.commit_hash),
    branch: textOrNull(git.branch),
    repositoryUrl: textOrNull(git.repository_url),
  };
  return info.commitHash || info.branch || info.repositoryUrl ? info : null;
}
