import type { HistoryMode, RolloutItem, UnknownRolloutItem } from '@threadkit/protocol';

/**
 * Codex's persistence policy, newest era, for the history mode threadkit
 * writes (`legacy`): which records reach durable history. Everything not
 * listed here is transient UI traffic (deltas, begin events, approvals,
 * errors, exec output, realtime audio, ...) and is dropped.
 *
 * A copy of `@threadkit/rollout`'s policy (this package may depend only on
 * protocol and thread-store, and thread-store does not re-export it). Keep
 * the two identical: persistence-policy.test.ts pins the same cases.
 */

/** Line kinds kept whatever their payload. */
export const ALWAYS_PERSISTED_KINDS: readonly string[] = [
  'session_meta',
  'turn_context',
  'compacted',
  'world_state',
  'security_risk_score',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
  'token_usage_record',
  'retained_context',
];

/** Model-visible response item types kept (ghost snapshots, additional_tools, compaction triggers and unknown types are not). */
export const PERSISTED_RESPONSE_ITEM_TYPES: readonly string[] = [
  'message',
  'reasoning',
  'local_shell_call',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'tool_search_call',
  'tool_search_output',
  'web_search_call',
  'image_generation_call',
  'compaction',
  'compaction_summary',
  'context_compaction',
  'agent_message',
];

/** Events kept in both history modes. */
export const PERSISTED_EVENT_TYPES: readonly string[] = [
  'token_count',
  'thread_goal_updated',
  'thread_rolled_back',
  'turn_aborted',
  'task_started',
  'turn_started',
  'task_complete',
  'turn_complete',
  'thread_settings_applied',
];

/** Events kept in legacy mode only: the UI mirror of the conversation, which paginated files omit. */
export const LEGACY_ONLY_EVENT_TYPES: readonly string[] = [
  'user_message',
  'agent_message',
  'agent_reasoning',
  'agent_reasoning_raw_content',
  'entered_review_mode',
  'exited_review_mode',
  'patch_apply_end',
  'context_compacted',
  'mcp_tool_call_end',
  'web_search_end',
  'image_generation_end',
  'sub_agent_activity',
];

/** Turn item types an `item_completed` event may carry in legacy mode. */
export const LEGACY_COMPLETED_TURN_ITEMS: readonly string[] = ['FunctionCallOutput', 'Plan', 'Sleep'];

/** Placeholders newest Codex writes instead of inline media in persisted tool output. */
export const OMITTED_INLINE_IMAGE = '[inline tool image omitted from persisted history]';
export const OMITTED_INLINE_AUDIO = '[inline tool audio omitted from persisted history]';

const ALWAYS = new Set(ALWAYS_PERSISTED_KINDS);
const RESPONSE_ITEMS = new Set(PERSISTED_RESPONSE_ITEM_TYPES);
const EVENTS = new Set(PERSISTED_EVENT_TYPES);
const LEGACY_EVENTS = new Set(LEGACY_ONLY_EVENT_TYPES);
const LEGACY_TURN_ITEMS = new Set(LEGACY_COMPLETED_TURN_ITEMS);
/** Kinds the policy knows and drops (`realtime_item` is kept only in paginated mode). */
const KNOWN_DROPPED_KINDS = new Set(['realtime_item']);
const KNOWN_KINDS = new Set([...ALWAYS, 'response_item', 'event_msg', ...KNOWN_DROPPED_KINDS]);

type AnyItem = RolloutItem | UnknownRolloutItem;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keepsEvent(payload: Record<string, unknown>, mode: HistoryMode): boolean {
  const type = payload.type;
  if (typeof type !== 'string') return false;
  if (EVENTS.has(type)) return true;
  if (mode !== 'legacy') return type === 'item_completed';
  if (type === 'sub_agent_activity') return payload.kind !== 'completed';
  if (LEGACY_EVENTS.has(type)) return true;
  if (type === 'item_completed') {
    const item = payload.item;
    if (!isObject(item) || typeof item.type !== 'string') return false;
    if (item.type === 'SubAgentActivity') return item.kind === 'completed';
    return LEGACY_TURN_ITEMS.has(item.type);
  }
  return false;
}

/**
 * True when Codex would write `item` to the rollout. A line kind this version
 * does not know at all is kept: it comes from a newer writer, and dropping
 * history cannot be undone.
 */
export function isPersistedItem(item: AnyItem, mode: HistoryMode = 'legacy'): boolean {
  const payload: unknown = item.payload;
  if (ALWAYS.has(item.type)) return true;
  if (item.type === 'response_item') return isObject(payload) && RESPONSE_ITEMS.has(payload.type as string);
  if (item.type === 'event_msg') return isObject(payload) && keepsEvent(payload, mode);
  if (item.type === 'realtime_item') return mode === 'paginated';
  return !KNOWN_KINDS.has(item.type);
}

function isInlineMedia(part: Record<string, unknown>, key: string, scheme: string): boolean {
  const value = part[key];
  return typeof value === 'string' && value.startsWith(scheme);
}

/** Tool output with inline `data:` images and audio replaced by Codex's placeholder text. */
function sanitizeToolOutput(output: unknown): unknown {
  if (!Array.isArray(output)) return output;
  let changed = false;
  const parts = output.map((part) => {
    if (!isObject(part)) return part;
    if (part.type === 'input_image' && isInlineMedia(part, 'image_url', 'data:')) {
      changed = true;
      return { type: 'input_text', text: OMITTED_INLINE_IMAGE };
    }
    if (part.type === 'input_audio' && isInlineMedia(part, 'audio_url', 'data:')) {
      changed = true;
      return { type: 'input_text', text: OMITTED_INLINE_AUDIO };
    }
    return part;
  });
  return changed ? parts : output;
}

/**
 * The item as Codex persists it: image-generation results blanked and inline
 * tool-output media replaced by placeholders. Returns the same object when
 * nothing changes; never mutates its input.
 */
export function sanitizeForPersistence<T extends AnyItem>(item: T): T {
  const payload: unknown = item.payload;
  if (!isObject(payload)) return item;
  if (item.type === 'response_item') {
    if (payload.type === 'image_generation_call' && typeof payload.result === 'string' && payload.result !== '') {
      return { ...item, payload: { ...payload, result: '' } };
    }
    if (payload.type === 'function_call_output' || payload.type === 'custom_tool_call_output') {
      const output = sanitizeToolOutput(payload.output);
      if (output !== payload.output) return { ...item, payload: { ...payload, output } };
    }
  }
  if (item.type === 'event_msg' && payload.type === 'image_generation_end') {
    if (typeof payload.result === 'string' && payload.result !== '') return { ...item, payload: { ...payload, result: '' } };
  }
  return item;
}

/**
 * The persistence policy: keeps what Codex keeps, in order, sanitized as
 * Codex sanitizes, and drops the rest. Pure: the input is not modified.
 */
export function persistedRolloutItems<T extends AnyItem>(items: readonly T[], mode: HistoryMode = 'legacy'): T[] {
  const kept: T[] = [];
  for (const item of items) if (isPersistedItem(item, mode)) kept.push(sanitizeForPersistence(item));
  return kept;
}
