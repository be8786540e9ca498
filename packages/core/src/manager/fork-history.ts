import type { ThreadHistoryItem } from '@threadkit/thread-store';
import { turnAborted } from '../items/turn-records';
import { endsMidTurn, truncateBeforeNthUserMessage } from '../replay/fork-truncation';

export interface ForkCutOptions {
  /** Keep only what precedes the nth real user message (0-based); undefined keeps every turn. */
  beforeUserMessage?: number;
  /**
   * Keep a turn the source left unfinished and close it with `turn_aborted{reason: "interrupted"}`
   * (Codex's interrupted fork snapshot) instead of dropping it.
   */
  interruptUnfinishedTurn?: boolean;
}

/** The explicit turn (`task_started`) still open at the end of `items`, if any. */
export function openExplicitTurn(items: readonly ThreadHistoryItem[]): { index: number; turnId: string | null } | undefined {
  let open: { index: number; turnId: string | null } | undefined;
  items.forEach((item, index) => {
    if (item.type !== 'event_msg') return;
    const payload = item.payload as { type?: unknown; turn_id?: unknown };
    if (payload.type === 'task_started' || payload.type === 'turn_started') {
      open = { index, turnId: typeof payload.turn_id === 'string' ? payload.turn_id : null };
    } else if (
      payload.type === 'task_complete' ||
      payload.type === 'turn_complete' ||
      payload.type === 'turn_aborted' ||
      payload.type === 'thread_rolled_back'
    ) {
      open = undefined;
    }
  });
  return open;
}

/**
 * The items a fork copies from its source, as Codex cuts them: everything before the nth
 * real user message (rollback markers applied), never a partial turn. An unfinished turn at
 * the end of the source is dropped, or kept and closed as interrupted when asked; the marker
 * carries the turn's explicit id, or none for histories without turn events. A cut that
 * lands inside a turn drops that turn's opening records, so the fork ends at a boundary.
 */
export function forkHistory(items: readonly ThreadHistoryItem[], options: ForkCutOptions = {}): ThreadHistoryItem[] {
  let source = [...items];
  if (options.interruptUnfinishedTurn && endsMidTurn(source)) {
    source = [...source, turnAborted(openExplicitTurn(source)?.turnId ?? null, 'interrupted')];
  }
  const cut = truncateBeforeNthUserMessage(source, options.beforeUserMessage);
  const open = openExplicitTurn(cut);
  return open ? cut.slice(0, open.index) : cut;
}
