import type { ResponseItem, RolloutItem, TurnContext } from '@threadkit/protocol';
import { isRealUserMessage } from './contextual-messages';
import { applyWorldStateRecord, type WorldStateValue } from './world-state';

/** What a thread looks like to the model after replaying its persisted items. */
export interface ReplayedHistory {
  /** Model-visible history after rollbacks and compactions. */
  history: ResponseItem[];
  /** World state at the end of the history (undefined when none was ever recorded). */
  worldState: WorldStateValue | undefined;
  /** The turn context of the newest surviving turn. */
  turnContext: TurnContext | undefined;
  /** Number of surviving user turns. */
  userTurns: number;
  /** Number of compactions seen (Codex's context-window generation). */
  compactions: number;
  /** True when the history ends inside a turn that neither completed nor aborted. */
  midTurn: boolean;
}

/** The state to return to when the turn that starts here is rolled back. */
interface TurnCheckpoint {
  historyLength: number;
  worldState: WorldStateValue | undefined;
  turnContext: TurnContext | undefined;
}

type ReplayItem = RolloutItem | { type: string; payload: unknown };

/**
 * The `origin` threadkit stamps on the `world_state` records it writes for an app. Codex 0.16x
 * writes `world_state` records of its own (the context it showed the model) into the same
 * files, and even patches an app's keys to `null` when it resumes a thread; replaying only
 * records of this origin keeps the app's state apart from Codex's.
 */
export const APP_WORLD_STATE_ORIGIN = 'threadkit';

export interface ReplayOptions {
  /**
   * Which `world_state` records make up the world state: `app` (default) only those threadkit
   * wrote for the app, `all` every record (Codex's own context state included).
   */
  worldState?: 'app' | 'all';
}

/**
 * Replays persisted items into model-visible state. Pure. Rules, as Codex replays:
 * - a user turn starts at `task_started` (or, without turn events, at a real user
 *   message) and counts once it holds a real user message;
 * - `thread_rolled_back{num_turns}` drops the newest N surviving user turns, restoring
 *   history, world state and turn context to where the oldest dropped turn began;
 *   markers are cumulative; more turns than exist leaves only the initial context;
 * - `compacted` with `replacement_history` replaces everything before it; without one
 *   (older files) history becomes the user messages so far plus the summary;
 * - `world_state` snapshots replace, patches merge (RFC 7386); by default only the records
 *   threadkit wrote for the app count (see {@link APP_WORLD_STATE_ORIGIN});
 * - `ghost_snapshot` items are dropped.
 */
export function replayHistory(items: readonly ReplayItem[], options: ReplayOptions = {}): ReplayedHistory {
  const appWorldStateOnly = (options.worldState ?? 'app') === 'app';
  let history: ResponseItem[] = [];
  let worldState: WorldStateValue | undefined;
  let turnContext: TurnContext | undefined;
  let turns: TurnCheckpoint[] = [];
  let pendingTurn: TurnCheckpoint | undefined;
  let explicitTurnOpen = false;
  let explicitTurnHasUser = false;
  let sawTurnEvents = false;
  let userSinceTurnEnd = false;
  let compactions = 0;

  const checkpoint = (): TurnCheckpoint => ({ historyLength: history.length, worldState, turnContext });

  for (const item of items) {
    const payload = item.payload as Record<string, unknown> & { type?: string };
    switch (item.type) {
      case 'event_msg': {
        const kind = payload.type;
        if (kind === 'task_started' || kind === 'turn_started') {
          sawTurnEvents = true;
          explicitTurnOpen = true;
          explicitTurnHasUser = false;
          pendingTurn = checkpoint();
        } else if (kind === 'task_complete' || kind === 'turn_complete' || kind === 'turn_aborted') {
          sawTurnEvents = true;
          explicitTurnOpen = false;
          pendingTurn = undefined;
          userSinceTurnEnd = false;
        } else if (kind === 'thread_rolled_back') {
          const n = typeof payload.num_turns === 'number' ? payload.num_turns : 0;
          if (n >= 1 && turns.length > 0) {
            const keep = Math.max(0, turns.length - n);
            const target = turns[keep]!;
            history = history.slice(0, target.historyLength);
            worldState = target.worldState;
            turnContext = target.turnContext;
            turns = turns.slice(0, keep);
          }
          pendingTurn = undefined;
          explicitTurnOpen = false;
          userSinceTurnEnd = false;
        }
        break;
      }
      case 'response_item': {
        const responseItem = payload as ResponseItem;
        if (responseItem.type === 'ghost_snapshot') break;
        if (isRealUserMessage(responseItem)) {
          if (!(explicitTurnOpen && explicitTurnHasUser)) {
            turns.push(pendingTurn ?? checkpoint());
            pendingTurn = undefined;
            explicitTurnHasUser = explicitTurnOpen;
          }
          userSinceTurnEnd = true;
        }
        history.push(responseItem);
        break;
      }
      case 'world_state':
        if (appWorldStateOnly && payload.origin !== APP_WORLD_STATE_ORIGIN) break;
        worldState = applyWorldStateRecord(worldState, payload as { full: boolean; state: WorldStateValue });
        break;
      case 'turn_context':
        turnContext = payload as TurnContext;
        break;
      case 'compacted': {
        compactions++;
        const replacement = payload.replacement_history;
        const next = Array.isArray(replacement)
          ? (replacement as ResponseItem[]).filter((i) => i.type !== 'ghost_snapshot')
          : legacyCompactedHistory(history, String(payload.message ?? ''));
        turns = realignTurns(turns, next, checkpoint());
        history = [...next];
        // A turn that began before this compaction now begins at the end of the new history.
        if (pendingTurn) pendingTurn = { ...pendingTurn, historyLength: next.length };
        break;
      }
      default:
        break;
    }
  }

  return {
    history,
    worldState,
    turnContext,
    userTurns: turns.length,
    compactions,
    midTurn: sawTurnEvents ? explicitTurnOpen : userSinceTurnEnd,
  };
}

/** Older compactions carry no replacement history: keep the user messages and add the summary. */
function legacyCompactedHistory(history: ResponseItem[], summary: string): ResponseItem[] {
  const users = history.filter(isRealUserMessage);
  return [...users, { type: 'message', role: 'user', content: [{ type: 'input_text', text: summary }] }];
}

/**
 * After a compaction the old history offsets are meaningless: user turns now begin at the
 * real user messages of the replacement history. World state and turn context of each turn
 * are kept by aligning the newest turns with the newest user messages.
 */
function realignTurns(old: TurnCheckpoint[], next: ResponseItem[], current: TurnCheckpoint): TurnCheckpoint[] {
  const starts: number[] = [];
  next.forEach((item, index) => {
    if (isRealUserMessage(item)) starts.push(index);
  });
  return starts.map((historyLength, i) => {
    const fromEnd = starts.length - 1 - i;
    const previous = old[old.length - 1 - fromEnd] ?? old[0] ?? current;
    return { historyLength, worldState: previous.worldState, turnContext: previous.turnContext };
  });
}

/** The world state at the end of a history, honouring snapshots, patches, rollbacks and compactions. */
export function replayWorldState(items: readonly ReplayItem[], options: ReplayOptions = {}): WorldStateValue | undefined {
  return replayHistory(items, options).worldState;
}
