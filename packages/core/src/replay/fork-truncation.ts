import type { ResponseItem } from '@threadkit/protocol';
import { isRealUserMessage } from './contextual-messages';

type ReplayItem = { type: string; payload: unknown };

/**
 * Cuts a persisted history for a fork "before the nth user message" (0-based), as Codex does:
 * user-message positions are real user messages (injected context does not count) with
 * rollback markers applied. In range: keep the items strictly before position n. Out of range
 * (or `n` undefined): keep everything when the history is at a turn boundary, or cut before the
 * unfinished turn when it ends mid-turn.
 */
export function truncateBeforeNthUserMessage<T extends ReplayItem>(items: readonly T[], n?: number): T[] {
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw new RangeError(`beforeUserMessage must be a non-negative integer, got ${n}`);
  }
  const positions: number[] = [];
  let lastTurnStart: number | undefined;
  let turnOpen = false;
  let sawTurnEvents = false;
  let userSinceTurnEnd = false;
  items.forEach((item, index) => {
    const payload = item.payload as { type?: string; num_turns?: unknown };
    if (item.type === 'response_item' && isRealUserMessage(payload as ResponseItem)) {
      positions.push(index);
      userSinceTurnEnd = true;
    } else if (item.type === 'event_msg') {
      if (payload.type === 'task_started' || payload.type === 'turn_started') {
        sawTurnEvents = true;
        turnOpen = true;
        lastTurnStart = index;
      } else if (payload.type === 'task_complete' || payload.type === 'turn_complete' || payload.type === 'turn_aborted') {
        sawTurnEvents = true;
        turnOpen = false;
        userSinceTurnEnd = false;
      } else if (payload.type === 'thread_rolled_back' && typeof payload.num_turns === 'number') {
        positions.splice(Math.max(0, positions.length - payload.num_turns));
      }
    }
  });
  if (n !== undefined && n < positions.length) return items.slice(0, positions[n]);
  const midTurn = sawTurnEvents ? turnOpen : userSinceTurnEnd;
  if (!midTurn) return items.slice();
  const cut = sawTurnEvents && lastTurnStart !== undefined ? lastTurnStart : positions[positions.length - 1];
  return items.slice(0, cut ?? items.length);
}

/** True when the history ends inside a turn that neither completed nor aborted. */
export function endsMidTurn(items: readonly ReplayItem[]): boolean {
  return truncateBeforeNthUserMessage(items).length !== items.length;
}
