import { describe, expect, it } from 'vitest';
import { endsMidTurn, truncateBeforeNthUserMessage } from './fork-truncation';
import { replayHistory } from './replay-history';

const user = (text: string) => ({
  type: 'response_item' as const,
  payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});
const assistant = (text: string) => ({
  type: 'response_item' as const,
  payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
});
const env = () => user('<environment_context>\n  <cwd>/w</cwd>\n</environment_context>');
const started = (turn: string) => ({ type: 'event_msg' as const, payload: { type: 'task_started', turn_id: turn } });
const complete = (turn: string) => ({
  type: 'event_msg' as const,
  payload: { type: 'task_complete', turn_id: turn, last_agent_message: null },
});
const rolledBack = (n: number) => ({ type: 'event_msg' as const, payload: { type: 'thread_rolled_back', num_turns: n } });
const turnContext = (model: string) => ({
  type: 'turn_context' as const,
  payload: { cwd: '/w', model, approval_policy: 'never', summary: 'auto' },
});
const world = (full: boolean, state: Record<string, unknown>) => ({
  type: 'world_state' as const,
  payload: { full, state, origin: 'threadkit' },
});
/** A record of Codex's own context state, as Codex 0.169 writes them. */
const codexWorld = (full: boolean, state: Record<string, unknown>) => ({ type: 'world_state' as const, payload: { full, state } });

function turn(id: string, text: string, reply: string, extra: Array<{ type: string; payload: unknown }> = []) {
  return [started(id), ...extra, user(text), assistant(reply), complete(id)];
}
const texts = (items: Array<{ type?: string; content?: unknown }>) =>
  items.map((i) => ((i.content as Array<{ text: string }>)[0] ?? { text: '' }).text);

describe('replayHistory', () => {
  it('thread_rollback_drops_last_turn_from_history', () => {
    const r = replayHistory([env(), ...turn('a', 'one', 'r1'), ...turn('b', 'two', 'r2'), rolledBack(1)]);
    expect(texts(r.history)).toEqual([expect.stringContaining('<environment_context>'), 'one', 'r1']);
    expect(r.userTurns).toBe(1);
  });

  it('thread_rollback_clears_history_when_num_turns_exceeds_existing_turns', () => {
    const r = replayHistory([env(), ...turn('a', 'one', 'r1'), ...turn('b', 'two', 'r2'), rolledBack(5)]);
    expect(r.history).toHaveLength(1);
    expect(r.userTurns).toBe(0);
  });

  it('thread_rollback_persists_marker_and_replays_cumulatively', () => {
    const items = [...turn('a', 'one', 'r1'), ...turn('b', 'two', 'r2'), ...turn('c', 'three', 'r3')];
    const r = replayHistory([...items, rolledBack(1), rolledBack(1)]);
    expect(texts(r.history)).toEqual(['one', 'r1']);
  });

  it('thread_rollback_recomputes_previous_turn_settings_from_replay', () => {
    const items = [
      ...turn('a', 'one', 'r1', [turnContext('model-a')]),
      ...turn('b', 'two', 'r2', [turnContext('model-b')]),
      rolledBack(1),
    ];
    expect(replayHistory(items).turnContext?.model).toBe('model-a');
  });

  it('ignores injected context messages when counting user turns', () => {
    const r = replayHistory([started('a'), env(), user('one'), complete('a'), started('b'), env(), user('two'), complete('b')]);
    expect(r.userTurns).toBe(2);
  });

  it('counts user messages without turn events as turns (older files)', () => {
    const r = replayHistory([user('one'), assistant('r1'), user('two'), assistant('r2'), rolledBack(1)]);
    expect(texts(r.history)).toEqual(['one', 'r1']);
  });

  it('newest compaction replaces earlier history', () => {
    const summary = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'summary' }] };
    const r = replayHistory([
      ...turn('a', 'one', 'r1'),
      { type: 'compacted', payload: { message: 'first', replacement_history: [summary] } },
      ...turn('b', 'two', 'r2'),
      { type: 'compacted', payload: { message: 'second', replacement_history: [summary, user('two').payload] } },
      ...turn('c', 'three', 'r3'),
    ]);
    expect(texts(r.history)).toEqual(['summary', 'two', 'three', 'r3']);
    expect(r.compactions).toBe(2);
  });

  it('rebuilds history from user messages and summary for a compaction without replacement history', () => {
    const r = replayHistory([...turn('a', 'one', 'r1'), { type: 'compacted', payload: { message: 'the summary' } }]);
    expect(texts(r.history)).toEqual(['one', 'the summary']);
  });

  it('drops ghost snapshots', () => {
    const r = replayHistory([user('one'), { type: 'response_item', payload: { type: 'ghost_snapshot', ghost_commit: {} } }]);
    expect(r.history).toHaveLength(1);
  });

  it('reports mid-turn when a started turn has not completed', () => {
    expect(replayHistory([...turn('a', 'one', 'r1'), started('b'), user('two')]).midTurn).toBe(true);
    expect(replayHistory(turn('a', 'one', 'r1')).midTurn).toBe(false);
  });
});

describe('world state replay', () => {
  it('applies snapshots and RFC 7386 patches, including null deletions and nested objects', () => {
    const r = replayHistory([
      world(true, { env: { cwd: '/a', shell: 'bash' }, skills: ['x'] }),
      world(false, { env: { cwd: '/b', shell: null }, date: '2026-11-21' }),
    ]);
    expect(r.worldState).toEqual({ env: { cwd: '/b' }, skills: ['x'], date: '2026-11-21' });
  });

  it("ignores Codex's own world-state records, even a patch that nulls the app's keys", () => {
    const items = [
      ...turn('a', 'one', 'r1', [world(true, { plan: 'ship', mode: 'a' })]),
      codexWorld(true, { agents_md: {}, environments: { cwd: '/w' } }),
      codexWorld(false, { plan: null, mode: null }),
    ];
    expect(replayHistory(items).worldState).toEqual({ plan: 'ship', mode: 'a' });
    expect(replayHistory(items, { worldState: 'all' }).worldState).toEqual({ agents_md: {}, environments: { cwd: '/w' } });
  });

  it("replays a Codex-only history's world state when asked for every record", () => {
    const items = [codexWorld(true, { agents_md: {} }), codexWorld(false, { skills: ['x'] })];
    expect(replayHistory(items).worldState).toBeUndefined();
    expect(replayHistory(items, { worldState: 'all' }).worldState).toEqual({ agents_md: {}, skills: ['x'] });
  });

  it('restores the state from before a rolled-back turn changed it', () => {
    const r = replayHistory([
      ...turn('a', 'one', 'r1', [world(true, { mode: 'a' })]),
      ...turn('b', 'two', 'r2', [world(false, { mode: 'b' })]),
      rolledBack(1),
    ]);
    expect(r.worldState).toEqual({ mode: 'a' });
  });

  it('keeps the state across a compaction and takes the snapshot that follows it', () => {
    const r = replayHistory([
      ...turn('a', 'one', 'r1', [world(true, { mode: 'a' })]),
      { type: 'compacted', payload: { message: 's', replacement_history: [user('one').payload] } },
      world(true, { mode: 'after' }),
      ...turn('b', 'two', 'r2', [world(false, { extra: 1 })]),
    ]);
    expect(r.worldState).toEqual({ mode: 'after', extra: 1 });
  });
});

describe('truncateBeforeNthUserMessage', () => {
  const history = [env(), ...turn('a', 'one', 'r1'), ...turn('b', 'two', 'r2'), ...turn('c', 'three', 'r3')];

  it('truncates_before_requested_user_message', () => {
    const cut = truncateBeforeNthUserMessage(history, 1);
    expect(replayHistory(cut).userTurns).toBe(1);
    expect(cut.at(-1)).toEqual(started('b'));
  });

  it('ignores_session_prefix_messages_when_truncating', () => {
    const cut = truncateBeforeNthUserMessage(history, 0);
    expect(cut).toEqual([env(), started('a')]);
  });

  it('applies rollback markers before counting positions', () => {
    const cut = truncateBeforeNthUserMessage([...history, rolledBack(1), ...turn('d', 'four', 'r4')], 2);
    expect(texts(replayHistory(cut).history).filter((t) => !t.startsWith('<'))).toEqual(['one', 'r1', 'two', 'r2']);
  });

  it('out_of_range_truncation_keeps_everything_at_a_turn_boundary', () => {
    expect(truncateBeforeNthUserMessage(history, 10)).toEqual(history);
    expect(endsMidTurn(history)).toBe(false);
  });

  it('out_of_range_truncation_drops_only_unfinished_suffix_mid_turn', () => {
    const unfinished = [...history, started('d'), user('four'), assistant('partial')];
    expect(endsMidTurn(unfinished)).toBe(true);
    expect(truncateBeforeNthUserMessage(unfinished, 10)).toEqual(history);
    expect(truncateBeforeNthUserMessage(unfinished)).toEqual(history);
  });

  it('rejects a negative or fractional position', () => {
    expect(() => truncateBeforeNthUserMessage(history, -1)).toThrow(RangeError);
    expect(() => truncateBeforeNthUserMessage(history, 1.5)).toThrow(RangeError);
  });
});
