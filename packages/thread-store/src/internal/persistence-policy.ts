import type { HistoryMode } from '@threadkit/protocol';
import type { ThreadHistoryItem } from '../types/common';

// Codex's persistence policy (newest era) for what a store writes to durable
// history. A local stand-in until @threadkit/rollout exports its
// `persistedRolloutItems`, which has the same signature and will replace it.

const ALWAYS_KEPT_KINDS = new Set([
  'session_meta',
  'turn_context',
  'compacted',
  'world_state',
  'security_risk_score',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
  'token_usage_record',
  'retained_context',
]);

const KEPT_RESPONSE_ITEMS = new Set([
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
]);

const EVENTS_KEPT_IN_EVERY_MODE = new Set([
  'token_count',
  'thread_goal_updated',
  'thread_rolled_back',
  'turn_aborted',
  'task_started',
  'turn_started',
  'task_complete',
  'turn_complete',
  'thread_settings_applied',
]);

// The UI mirror of the conversation: legacy files carry it, paginated ones do not.
const EVENTS_KEPT_IN_LEGACY_MODE = new Set([
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
]);

const TURN_ITEMS_KEPT_IN_LEGACY_MODE = new Set(['FunctionCallOutput', 'Plan', 'Sleep']);

// Kinds the policy knows; any other kind comes from a newer writer and is kept,
// because dropping history cannot be undone.
const KNOWN_KINDS = new Set([...ALWAYS_KEPT_KINDS, 'response_item', 'event_msg', 'realtime_item']);

const INLINE_IMAGE_PLACEHOLDER = '[inline tool image omitted from persisted history]';
const INLINE_AUDIO_PLACEHOLDER = '[inline tool audio omitted from persisted history]';

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keepsEvent(event: JsonRecord, mode: HistoryMode): boolean {
  const type = event.type;
  if (typeof type !== 'string') return false;
  if (EVENTS_KEPT_IN_EVERY_MODE.has(type)) return true;
  if (mode === 'paginated') return type === 'item_completed';
  if (type === 'sub_agent_activity') return event.kind !== 'completed';
  if (EVENTS_KEPT_IN_LEGACY_MODE.has(type)) return true;
  if (type !== 'item_completed' || !isRecord(event.item)) return false;
  const itemType = event.item.type;
  if (itemType === 'SubAgentActivity') return event.item.kind === 'completed';
  return typeof itemType === 'string' && TURN_ITEMS_KEPT_IN_LEGACY_MODE.has(itemType);
}

/** True when Codex would write `item` to durable history. */
export function isPersistedItem(item: ThreadHistoryItem, mode: HistoryMode = 'legacy'): boolean {
  const payload: unknown = item.payload;
  if (ALWAYS_KEPT_KINDS.has(item.type)) return true;
  if (item.type === 'response_item') return isRecord(payload) && KEPT_RESPONSE_ITEMS.has(payload.type as string);
  if (item.type === 'event_msg') return isRecord(payload) && keepsEvent(payload, mode);
  if (item.type === 'realtime_item') return mode === 'paginated';
  return !KNOWN_KINDS.has(item.type);
}

function withoutInlineMedia(output: unknown): unknown {
  if (!Array.isArray(output)) return output;
  let changed = false;
  const parts = output.map((part) => {
    if (!isRecord(part)) return part;
    const url = part.type === 'input_image' ? part.image_url : part.type === 'input_audio' ? part.audio_url : undefined;
    if (typeof url !== 'string' || !url.startsWith('data:')) return part;
    changed = true;
    const text = part.type === 'input_image' ? INLINE_IMAGE_PLACEHOLDER : INLINE_AUDIO_PLACEHOLDER;
    return { type: 'input_text', text };
  });
  return changed ? parts : output;
}

/** The item as Codex persists it: generated images blanked, inline tool-output media replaced. Never mutates. */
function sanitized(item: ThreadHistoryItem): ThreadHistoryItem {
  const payload: unknown = item.payload;
  if (!isRecord(payload)) return item;
  const blanksResult =
    (item.type === 'response_item' && payload.type === 'image_generation_call') ||
    (item.type === 'event_msg' && payload.type === 'image_generation_end');
  if (blanksResult && typeof payload.result === 'string' && payload.result !== '') {
    return { ...item, payload: { ...payload, result: '' } } as ThreadHistoryItem;
  }
  if (item.type === 'response_item' && /^(function|custom_tool)_call_output$/.test(String(payload.type))) {
    const output = withoutInlineMedia(payload.output);
    if (output !== payload.output) return { ...item, payload: { ...payload, output } } as ThreadHistoryItem;
  }
  return item;
}

/** Keeps what Codex keeps, in order, sanitized as Codex sanitizes. Pure. */
export function persistedRolloutItems(
  items: readonly ThreadHistoryItem[],
  mode: HistoryMode = 'legacy',
): ThreadHistoryItem[] {
  const kept: ThreadHistoryItem[] = [];
  for (const item of items) if (isPersistedItem(item, mode)) kept.push(sanitized(item));
  return kept;
}
