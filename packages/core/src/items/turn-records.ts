import type { RolloutItem, TokenUsage } from '@threadkit/protocol';
import { APP_WORLD_STATE_ORIGIN } from '../replay/replay-history';
import type { JsonObject, ResolvedTurnSettings } from '../options/turn-settings';
import type { RecordedUserInput } from '../options/user-input';
import { environmentContextText, localDate } from './environment-context';

// Builders for the records of a turn, in the shapes Codex 0.142 writes in legacy history mode.
// Payload key order follows Codex's so the lines read like its own.

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

function eventMsg(payload: JsonObject): RolloutItem {
  return { type: 'event_msg', payload } as RolloutItem;
}

function responseItem(payload: JsonObject): RolloutItem {
  return { type: 'response_item', payload } as RolloutItem;
}

export function taskStarted(turnId: string, startedAt: Date, settings: ResolvedTurnSettings): RolloutItem {
  const payload: JsonObject = { type: 'task_started', turn_id: turnId, started_at: unixSeconds(startedAt) };
  if (settings.modelContextWindow !== null) payload.model_context_window = settings.modelContextWindow;
  payload.collaboration_mode_kind = 'default';
  return eventMsg(payload);
}

export function developerMessage(text: string): RolloutItem {
  return responseItem({ type: 'message', role: 'developer', content: [{ type: 'input_text', text }] });
}

export function environmentContextMessage(settings: ResolvedTurnSettings, now: Date): RolloutItem {
  const text = environmentContextText({
    cwd: settings.cwd,
    shell: settings.shell,
    currentDate: localDate(now, settings.timezone),
    timezone: settings.timezone,
  });
  return responseItem({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
}

export function turnContext(turnId: string, settings: ResolvedTurnSettings, now: Date): RolloutItem {
  const payload: JsonObject = {
    turn_id: turnId,
    cwd: settings.cwd,
    current_date: localDate(now, settings.timezone),
    timezone: settings.timezone,
    approval_policy: structuredClone(settings.approvalPolicy),
    sandbox_policy: structuredClone(settings.sandboxPolicy),
    model: settings.model,
  };
  if (settings.personality !== null) payload.personality = settings.personality;
  if (settings.reasoningEffort !== null) payload.effort = settings.reasoningEffort;
  payload.summary = settings.reasoningSummary;
  for (const [key, value] of Object.entries(settings.extra)) {
    if (!(key in payload)) payload[key] = structuredClone(value);
  }
  return { type: 'turn_context', payload } as RolloutItem;
}

/** The prompt twice: the model-visible message, then the `user_message` event lists and previews read. */
export function userMessage(input: RecordedUserInput): RolloutItem[] {
  return [
    responseItem({ type: 'message', role: 'user', content: input.content }),
    eventMsg({ type: 'user_message', ...input.event }),
  ];
}

/** The reply twice, in Codex's order: the `agent_message` event, then the assistant message. */
export function agentMessage(text: string, options: { phase?: string | null; id?: string }): RolloutItem[] {
  const message: JsonObject = { type: 'message' };
  if (options.id !== undefined) message.id = options.id;
  message.role = 'assistant';
  message.content = [{ type: 'output_text', text }];
  if (options.phase) message.phase = options.phase;
  return [eventMsg({ type: 'agent_message', message: text, phase: options.phase ?? null, memory_citation: null }), responseItem(message)];
}

export function tokenCount(
  total: TokenUsage,
  last: TokenUsage,
  modelContextWindow: number | null,
  rateLimits: JsonObject | null,
): RolloutItem {
  return eventMsg({
    type: 'token_count',
    info: {
      total_token_usage: structuredClone(total),
      last_token_usage: structuredClone(last),
      model_context_window: modelContextWindow,
    },
    rate_limits: rateLimits === null ? null : structuredClone(rateLimits),
  });
}

export function taskComplete(turnId: string, lastAgentMessage: string | null, startedAt: Date, completedAt: Date): RolloutItem {
  return eventMsg({
    type: 'task_complete',
    turn_id: turnId,
    last_agent_message: lastAgentMessage,
    completed_at: unixSeconds(completedAt),
    duration_ms: Math.max(0, completedAt.getTime() - startedAt.getTime()),
  });
}

export function turnAborted(turnId: string | null, reason: string, startedAt?: Date, completedAt?: Date): RolloutItem {
  const payload: JsonObject = { type: 'turn_aborted', turn_id: turnId, reason };
  if (startedAt && completedAt) {
    payload.completed_at = unixSeconds(completedAt);
    payload.duration_ms = Math.max(0, completedAt.getTime() - startedAt.getTime());
  }
  return eventMsg(payload);
}

export function threadRolledBack(numTurns: number): RolloutItem {
  return eventMsg({ type: 'thread_rolled_back', num_turns: numTurns });
}

export function compacted(summary: string, replacementHistory: readonly JsonObject[]): RolloutItem {
  return { type: 'compacted', payload: { message: summary, replacement_history: structuredClone(replacementHistory) } } as RolloutItem;
}

/** The event Codex writes after its `compacted` record: what its readers show as a context compaction. */
export function contextCompacted(): RolloutItem {
  return eventMsg({ type: 'context_compacted' });
}

/** An app's world-state record, stamped with threadkit's origin so replay can tell it from Codex's own. */
export function worldState(full: boolean, state: JsonObject): RolloutItem {
  return {
    type: 'world_state',
    payload: { full, state: structuredClone(state), origin: APP_WORLD_STATE_ORIGIN },
  } as RolloutItem;
}
