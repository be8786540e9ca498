import { setTimeout as sleep } from 'node:timers/promises';
import { appendToRollout, isRolloutError } from '@threadkit/rollout';
import type { StoredGitInfo, ThreadHistoryItem } from '../types/common';
import type { LocatedThread } from './locate-thread';
import type { SessionMetaFacts } from './session-meta-facts';
import type { LocalStoreContext } from './store-context';

/**
 * A copy of the thread's first session_meta carrying the facts in force
 * after a change, the way Codex records memory-mode and git updates in the
 * rollout. Codex folds every session_meta of a thread (the last wins, git
 * from the last that has it), so the copy states all of them: memory mode
 * (`enabled` written out, as Codex does), git (`{}` when none are known),
 * thread source and agent identity (left out when unknown).
 */
export function sessionMetaCopy(
  firstSessionMeta: Record<string, unknown>,
  facts: SessionMetaFacts,
  git: StoredGitInfo | null,
): ThreadHistoryItem {
  const payload: Record<string, unknown> = structuredClone(firstSessionMeta);
  const optional = {
    thread_source: facts.threadSource,
    agent_nickname: facts.agentNickname,
    agent_role: facts.agentRole,
    agent_path: facts.agentPath,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value === null) delete payload[key];
    else payload[key] = value;
  }
  delete payload.agent_type;
  payload.memory_mode = facts.memoryMode;
  const gitJson: Record<string, string> = {};
  if (git?.commitHash) gitJson.commit_hash = git.commitHash;
  if (git?.branch) gitJson.branch = git.branch;
  if (git?.repositoryUrl) gitJson.repository_url = git.repositoryUrl;
  payload.git = gitJson;
  return { type: 'session_meta', payload } as ThreadHistoryItem;
}

const LOCK_RETRIES = 20;
const LOCK_RETRY_MS = 50;

/**
 * Appends records to a thread's rollout: through this instance's writer when
 * it has one, else as a short writer of its own (which takes the writer lock
 * and waits briefly for another short writer to finish).
 */
export async function appendToThreadRollout(
  ctx: LocalStoreContext,
  located: LocatedThread,
  items: ThreadHistoryItem[],
): Promise<void> {
  const writer = ctx.writers.get(located.threadId);
  // The writer's open file is the thread's file even after an archive moved it (a move keeps the inode).
  if (writer?.materialized) {
    await writer.recorder.append(items, { applyPolicy: false });
  } else {
    for (let attempt = 0; ; attempt++) {
      try {
        await appendToRollout({
          home: ctx.home,
          path: located.actualPath,
          threadId: located.threadId,
          items,
          applyPolicy: false,
        });
        break;
      } catch (error) {
        if (!isRolloutError(error, 'conflict') || attempt >= LOCK_RETRIES) throw error;
        await sleep(LOCK_RETRY_MS);
      }
    }
  }
  ctx.touchedFiles.add(located.path);
}
