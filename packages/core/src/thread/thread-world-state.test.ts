import { InMemoryThreadStore, ThreadStoreError } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { replayWorldState } from '../replay/replay-history';
import { delegatingStore } from '../test-support/delegating-store';
import { kindOf } from '../test-support/fixture-turns';
import { testManager, textTurn } from '../test-support/harness';
import type { Thread } from './thread';

const worldRecords = async (thread: Thread) =>
  (await thread.persistedItems()).filter((i) => i.type === 'world_state').map((i) => i.payload);

const envMessage = (cwd: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${cwd}</cwd>\n</environment_context>` }],
});

describe('Thread world state', () => {
  it('writes a full snapshot after the first turn context messages, then patches, then nothing when unchanged', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    thread.setWorldState({ env: { cwd: '/a', shell: 'bash' }, skills: ['x'] });
    await textTurn(thread, 'one', 'r1');
    // As Codex 0.169 orders it: context messages, world_state, turn_context.
    expect((await thread.persistedItems()).slice(1, 6).map(kindOf)).toEqual([
      'event_msg:task_started',
      'response_item:message:developer',
      'response_item:message:user',
      'world_state',
      'turn_context',
    ]);

    thread.setWorldState({ env: { cwd: '/b' }, skills: ['x'] });
    await textTurn(thread, 'two', 'r2');
    thread.setWorldState({ env: { cwd: '/b' }, skills: ['x'] });
    await textTurn(thread, 'three', 'r3');
    expect(await worldRecords(thread)).toEqual([
      { full: true, origin: 'threadkit', state: { env: { cwd: '/a', shell: 'bash' }, skills: ['x'] } },
      { full: false, origin: 'threadkit', state: { env: { cwd: '/b', shell: null } } },
    ]);
    expect(thread.worldState()).toEqual({ env: { cwd: '/b' }, skills: ['x'] });
  });

  it('writes a state set during a turn after the history that follows it', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'go' });
    thread.setWorldState({ env: { cwd: '/moved' } });
    await turn.addResponseItems([envMessage('/moved')]);
    await turn.addAgentMessage('moved');
    await turn.complete();
    expect((await thread.persistedItems()).slice(-5).map(kindOf)).toEqual([
      'response_item:message:user',
      'world_state',
      'event_msg:agent_message',
      'response_item:message:assistant',
      'event_msg:task_complete',
    ]);
  });

  it('writes a state set at the end of a turn before the turn ends, and one set between turns at flush', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'go' });
    await turn.addAgentMessage('done');
    thread.setWorldState({ a: 1 });
    await turn.complete();
    thread.setWorldState({ a: 2 });
    await thread.flush();
    const kinds = (await thread.persistedItems()).slice(-3).map(kindOf);
    expect(kinds).toEqual(['world_state', 'event_msg:task_complete', 'world_state']);
    expect(await worldRecords(thread)).toEqual([
      { full: true, origin: 'threadkit', state: { a: 1 } },
      { full: false, origin: 'threadkit', state: { a: 2 } },
    ]);
  });

  it('comes back on resume and keeps patching against the replayed state', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    thread.setWorldState({ mode: 'a', keep: true });
    await textTurn(thread, 'one', 'r1');
    thread.setWorldState({ mode: 'b', keep: true });
    await thread.shutdown();

    const resumed = await manager.resumeThread({ threadId: thread.threadId });
    expect(resumed.worldState()).toEqual({ mode: 'b', keep: true });
    resumed.setWorldState({ mode: 'c', keep: true });
    await textTurn(resumed, 'two', 'r2');
    expect((await worldRecords(resumed)).at(-1)).toEqual({ full: false, origin: 'threadkit', state: { mode: 'c' } });
    expect(replayWorldState(await resumed.persistedItems())).toEqual({ mode: 'c', keep: true });
  });

  it('is inherited by a fork as it was before the cut', async () => {
    const { manager } = testManager();
    const source = await manager.startThread();
    source.setWorldState({ turn: 1 });
    await textTurn(source, 'one', 'r1');
    source.setWorldState({ turn: 2 });
    await textTurn(source, 'two', 'r2');

    const whole = await manager.forkThread({ threadId: source.threadId });
    expect(whole.worldState()).toEqual({ turn: 2 });
    const early = await manager.forkThread({ threadId: source.threadId, beforeUserMessage: 1 });
    expect(early.worldState()).toEqual({ turn: 1 });
    // World-state records are copied, but the fork's preview is still its first prompt.
    expect((await early.read()).preview).toBe('one');
    early.setWorldState({ turn: 'fork' });
    await textTurn(early, 'other two', 'r');
    expect((await worldRecords(early)).at(-1)).toEqual({ full: false, origin: 'threadkit', state: { turn: 'fork' } });
  });

  it('goes back to what it was before a rolled-back turn changed it', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    thread.setWorldState({ mode: 'a' });
    await textTurn(thread, 'one', 'r1');
    thread.setWorldState({ mode: 'b' });
    await textTurn(thread, 'two', 'r2');
    thread.setWorldState({ mode: 'pending' });

    await thread.rollback(1);
    expect(thread.worldState()).toEqual({ mode: 'a' });
    thread.setWorldState({ mode: 'c' });
    await textTurn(thread, 'two again', 'r');
    expect((await worldRecords(thread)).at(-1)).toEqual({ full: false, origin: 'threadkit', state: { mode: 'c' } });
    await thread.shutdown();
    expect((await manager.resumeThread({ threadId: thread.threadId })).worldState()).toEqual({ mode: 'c' });
  });

  it('is written in full right after a compaction', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    thread.setWorldState({ big: 'x', small: 1 });
    await textTurn(thread, 'one', 'r1');
    thread.setWorldState({ big: 'x', small: 2 });
    await thread.compact({ summary: 's', replacementHistory: [] });
    const items = await thread.persistedItems();
    expect(items.slice(-3)).toEqual([
      { type: 'compacted', payload: { message: 's', replacement_history: [] } },
      { type: 'event_msg', payload: { type: 'context_compacted' } },
      { type: 'world_state', payload: { full: true, origin: 'threadkit', state: { big: 'x', small: 2 } } },
    ]);
    thread.setWorldState({ big: 'x', small: 3 });
    await textTurn(thread, 'two', 'r2');
    expect((await worldRecords(thread)).at(-1)).toEqual({ full: false, origin: 'threadkit', state: { small: 3 } });
  });

  it('writes nothing for an empty state with no history of one', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    thread.setWorldState({});
    await textTurn(thread, 'one', 'r1');
    expect(await worldRecords(thread)).toEqual([]);
    expect(thread.worldState()).toEqual({});
    thread.setWorldState({ a: 1 });
    await thread.flush();
    expect(await worldRecords(thread)).toEqual([{ full: true, origin: 'threadkit', state: { a: 1 } }]);
  });

  it('writes the state in full again after a write failed, and a failed turn start leaves no turn open', async () => {
    const inner = new InMemoryThreadStore();
    let failNextAppend = false;
    const store = delegatingStore(inner, {
      appendItems: async (params) => {
        if (failNextAppend) {
          failNextAppend = false;
          throw ThreadStoreError.internal('disk full');
        }
        return inner.appendItems(params);
      },
    });
    const { manager } = testManager({}, store);
    const thread = await manager.startThread();
    thread.setWorldState({ a: 1 });
    await textTurn(thread, 'one', 'r1');
    thread.setWorldState({ a: 2 });
    failNextAppend = true;
    await expect(thread.startTurn({ input: 'two' })).rejects.toThrow('disk full');
    expect(thread.activeTurn).toBeUndefined();

    await textTurn(thread, 'two', 'r2');
    expect(await worldRecords(thread)).toEqual([
      { full: true, origin: 'threadkit', state: { a: 1 } },
      { full: true, origin: 'threadkit', state: { a: 2 } },
    ]);
    expect(replayWorldState(await thread.persistedItems())).toEqual({ a: 2 });
  });
});
