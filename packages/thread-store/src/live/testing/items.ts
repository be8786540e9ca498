import type { ThreadHistoryItem } from '../../types/common';
import type { CreateThreadParams } from '../../types/create-thread-params';

export const THREAD_ID = '0199a000-0000-7000-8000-000000000001';
export const OTHER_THREAD_ID = '0199a000-0000-7000-8000-000000000002';

const item = (type: string, payload: Record<string, unknown>) => ({ type, payload }) as ThreadHistoryItem;
const event = (payload: Record<string, unknown>) => item('event_msg', payload);

export const userMessage = (message: string, extra: Record<string, unknown> = {}) =>
  event({ type: 'user_message', message, ...extra });
export const agentMessage = (message: string) => event({ type: 'agent_message', message });
export const goalUpdated = (objective: string) =>
  event({ type: 'thread_goal_updated', goal: { objective, status: 'active' } });
export const turnStarted = (turnId = 'turn-1') => event({ type: 'task_started', turn_id: turnId });
export const tokenCount = (totalTokens: number) =>
  event({
    type: 'token_count',
    info: { total_token_usage: { input_tokens: totalTokens - 1, output_tokens: 1, total_tokens: totalTokens } },
  });
/** An event the persistence policy drops: it must not touch metadata either. */
export const agentMessageDelta = (delta: string) => event({ type: 'agent_message_delta', delta });
export const turnContext = (fields: Record<string, unknown> = {}) =>
  item('turn_context', { cwd: '/work/repo', model: 'gpt-5', effort: 'high', approval_policy: 'on-request', ...fields });
export const sessionMeta = (fields: Record<string, unknown> = {}) =>
  item('session_meta', {
    id: THREAD_ID,
    timestamp: '2026-01-02T03:04:05.678Z',
    cwd: '/work/repo',
    originator: 'codex_cli_rs',
    cli_version: '0.142.0',
    source: 'cli',
    model_provider: 'openai',
    ...fields,
  });

export function createParams(fields: Partial<CreateThreadParams> = {}): CreateThreadParams {
  return {
    threadId: THREAD_ID,
    source: 'exec',
    cwd: '/work/repo',
    originator: 'threadkit_test',
    cliVersion: '1.2.3',
    modelProvider: 'test-provider',
    ...fields,
  };
}

/** A clock the test moves by hand. */
export class ManualClock {
  #ms: number;
  constructor(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.#ms = start;
  }
  readonly now = (): Date => new Date(this.#ms);
  advance(ms: number): void {
    this.#ms += ms;
  }
}
