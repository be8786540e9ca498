import type { ThreadHistoryItem } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { forkHistory, openExplicitTurn } from './fork-history';

const meta = { type: 'session_meta', payload: { id: '01a1fda6-37d0-70f3-88c6-44503b20002f' } } as ThreadHistoryItem;
const user = (text: string) =>
  ({ type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } }) as ThreadHistoryItem;
const reply = (text: string) =>
  ({
    type: 'response_item',
    payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
  }) as ThreadHistoryItem;
const event = (payload: Record<string, unknown>) => ({ type: 'event_msg', payload }) as ThreadHistoryItem;
const started = (id: string) => event({ type: 'task_started', turn_id: id });
const complete = (id: string) => event({ type: 'task_complete', turn_id: id, last_agent_message: null });
const context = { type: 'turn_context', payload: { cwd: '/w', model: 'm' } } as ThreadHistoryItem;
const turn = (id: string, text: string) => [started(id), context, user(text), reply(`re ${text}`), complete(id)];

describe('forkHistory', () => {
  const history = [meta, ...turn('a', 'one'), ...turn('b', 'two')];

  it('keeps everything at a turn boundary', () => {
    expect(forkHistory(history)).toEqual(history);
  });

  it('cuts before the nth real user message together with that turn opening records', () => {
    expect(forkHistory(history, { beforeUserMessage: 1 })).toEqual([meta, ...turn('a', 'one')]);
    expect(forkHistory(history, { beforeUserMessage: 0 })).toEqual([meta]);
    expect(forkHistory(history, { beforeUserMessage: 9 })).toEqual(history);
  });

  it('drops an unfinished last turn, or closes it with its explicit id when asked', () => {
    const unfinished = [...history, started('c'), context, user('three'), reply('partial')];
    expect(forkHistory(unfinished)).toEqual(history);
    expect(forkHistory(unfinished, { interruptUnfinishedTurn: true })).toEqual([
      ...unfinished,
      event({ type: 'turn_aborted', turn_id: 'c', reason: 'interrupted' }),
    ]);
    // A cut before the unfinished turn leaves the marker out.
    expect(forkHistory(unfinished, { beforeUserMessage: 1, interruptUnfinishedTurn: true })).toEqual([
      meta,
      ...turn('a', 'one'),
    ]);
  });

  it('does not invent a turn id for histories without turn events', () => {
    const legacy = [meta, user('one'), reply('r1'), user('two'), reply('r2')];
    expect(forkHistory(legacy, { interruptUnfinishedTurn: true }).at(-1)).toEqual(
      event({ type: 'turn_aborted', turn_id: null, reason: 'interrupted' }),
    );
    expect(forkHistory(legacy, { beforeUserMessage: 1 })).toEqual([meta, user('one'), reply('r1')]);
  });
});

describe('openExplicitTurn', () => {
  it('finds a started turn that neither completed, aborted nor was rolled back', () => {
    expect(openExplicitTurn([meta, started('a'), user('x')])).toEqual({ index: 1, turnId: 'a' });
    expect(openExplicitTurn(turn('a', 'x'))).toBeUndefined();
    expect(openExplicitTurn([started('a'), event({ type: 'thread_rolled_back', num_turns: 1 })])).toBeUndefined();
    expect(openExplicitTurn([event({ type: 'task_started' })])).toEqual({ index: 0, turnId: null });
  });
});
