import { isInjectedContextText } from '@threadkit/protocol';
import type { ThreadHistoryItem } from '../../types/common';

export interface TurnTexts {
  id: string;
  items: Array<{ type: 'userMessage' | 'agentMessage'; text: string }>;
}

/**
 * The user and agent message texts of each turn of a legacy history, in the
 * shape codex-interop's `turnTexts` gives for Codex's own `thread/read`.
 */
export function turnTextsOfHistory(items: readonly ThreadHistoryItem[]): TurnTexts[] {
  const turns: TurnTexts[] = [];
  for (const item of items) {
    if (item.type !== 'event_msg') continue;
    const payload = item.payload as { type?: string; turn_id?: string; message?: string };
    if (payload.type === 'task_started' || payload.type === 'turn_started') {
      turns.push({ id: String(payload.turn_id), items: [] });
    } else if (payload.type === 'user_message') {
      turns.at(-1)?.items.push({ type: 'userMessage', text: String(payload.message) });
    } else if (payload.type === 'agent_message') {
      turns.at(-1)?.items.push({ type: 'agentMessage', text: String(payload.message) });
    }
  }
  return turns;
}

/**
 * The same for Codex's paginated mode, which writes no user_message/agent_message events:
 * the person's messages and the assistant's answers come from the response items.
 */
export function turnTextsOfPaginatedHistory(items: readonly ThreadHistoryItem[]): TurnTexts[] {
  const turns: TurnTexts[] = [];
  for (const item of items) {
    const payload = item.payload as {
      type?: string;
      turn_id?: string;
      role?: string;
      content?: Array<{ type?: string; text?: string }>;
    };
    if (item.type === 'event_msg' && (payload.type === 'task_started' || payload.type === 'turn_started')) {
      turns.push({ id: String(payload.turn_id), items: [] });
    } else if (item.type === 'response_item' && payload.type === 'message') {
      const text = (payload.content ?? []).map((part) => part.text ?? '').join('');
      if (payload.role === 'user' && !isInjectedContextText(text)) turns.at(-1)?.items.push({ type: 'userMessage', text });
      if (payload.role === 'assistant') turns.at(-1)?.items.push({ type: 'agentMessage', text });
    }
  }
  return turns;
}
