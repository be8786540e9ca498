import { TextPool } from '../generate/filler-text';
import { planThreads } from '../generate/plan-threads';
import { renderContext, renderRollout } from '../generate/render-rollout';
import { SeededRandom } from '../generate/seeded-random';

export interface HistoryItem {
  type: string;
  payload: Record<string, unknown>;
}

export interface AppendInput {
  threadId: string;
  sessionMeta: Record<string, unknown>;
  /** The thread's items after its session_meta, one array per turn. */
  turns: HistoryItem[][];
  items: number;
}

/**
 * The items of a generated legacy thread of `turns` turns, grouped per turn:
 * what an app appends while recording a conversation. Deterministic.
 */
export function appendInput(turns: number, seed = 'threadkit-bench-append'): AppendInput {
  const random = new SeededRandom(seed);
  const content = random.fork('content');
  const context = renderContext(content, new TextPool(content));
  const [plan] = planThreads(random.fork('plan'), { threads: 1, endMs: Date.parse('2026-11-01T12:00:00Z'), days: 1, averageBytes: 40_000 });
  const lines: string[] = [];
  renderRollout({ ...plan!, era: 'legacy', targetBytes: Number.MAX_SAFE_INTEGER }, content, context, (line) => lines.push(line), {
    maxTurns: turns,
  });
  const [meta, ...rest] = lines.map((line) => JSON.parse(line) as { type: string; payload: Record<string, unknown> });
  const grouped: HistoryItem[][] = [];
  for (const line of rest) {
    if (line.type === 'event_msg' && line.payload.type === 'task_started') grouped.push([]);
    grouped[grouped.length - 1]!.push({ type: line.type, payload: line.payload });
  }
  return {
    threadId: plan!.threadId,
    sessionMeta: meta!.payload,
    turns: grouped,
    items: rest.length,
  };
}
