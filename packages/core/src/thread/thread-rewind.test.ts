import { isThreadStoreError } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { kindOf } from '../test-support/fixture-turns';
import { testManager, textTurn, toolTurn, visibleTexts } from '../test-support/harness';

const invalid = (e: unknown) => isThreadStoreError(e, 'invalid_request');

const userText = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const assistantText = (text: string) => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

describe('Thread.rollback', () => {
  it('appends a marker and replays without the dropped turns', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await toolTurn(thread, 'two', 'r2', 2);
    await textTurn(thread, 'three', 'r3');
    const before = await thread.persistedItems();

    await thread.rollback(2);
    const after = await thread.persistedItems();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([{ type: 'event_msg', payload: { type: 'thread_rolled_back', num_turns: 2 } }]);
    expect(visibleTexts(await thread.history())).toEqual(['developer: Be brief.', 'user: one', 'assistant: r1']);

    await textTurn(thread, 'two again', 'r2b');
    expect(visibleTexts(await thread.history()).slice(1)).toEqual([
      'user: one',
      'assistant: r1',
      'user: two again',
      'assistant: r2b',
    ]);
    // Markers are cumulative and survive a resume.
    await thread.rollback(1);
    await thread.shutdown();
    const resumed = await manager.resumeThread({ threadId: thread.threadId });
    expect(visibleTexts(await resumed.history()).slice(1)).toEqual(['user: one', 'assistant: r1']);
    // Previews are not reverted.
    expect((await resumed.read()).preview).toBe('one');
  });

  it('sends the initial context again after every turn was rolled back', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await thread.rollback(5);
    expect(await thread.history()).toEqual([]);
    await textTurn(thread, 'fresh', 'r');
    expect(visibleTexts(await thread.history())).toEqual(['developer: Be brief.', 'user: fresh', 'assistant: r']);
  });

  it('is refused for zero turns, during a turn and before anything was persisted, writing nothing', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await expect(thread.rollback(1)).rejects.toThrow('thread rollback requires persisted thread history');
    await textTurn(thread, 'one', 'r1');
    const before = await thread.persistedItems();
    await expect(thread.rollback(0)).rejects.toThrow('num_turns must be >= 1');
    await expect(thread.rollback(1.5)).rejects.toSatisfy(invalid);
    const turn = await thread.startTurn({ input: 'two' });
    await expect(thread.rollback(1)).rejects.toThrow('Cannot rollback while a turn is in progress.');
    await turn.complete();
    const after = await thread.persistedItems();
    expect(after.filter((i) => kindOf(i) === 'event_msg:thread_rolled_back')).toEqual([]);
    expect(after.length).toBeGreaterThan(before.length);
  });

  it('refuses other writes while it runs', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    const rolling = thread.rollback(1);
    await expect(thread.startTurn({ input: 'too early' })).rejects.toThrow(/busy with a rollback/);
    expect(() => thread.setWorldState({ a: 1 })).toThrow(/busy with a rollback/);
    await rolling;
    await expect(thread.startTurn({ input: 'now' })).resolves.toBeDefined();
  });
});

describe('Thread.compact', () => {
  it('replaces the model-visible history from the compaction on', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await textTurn(thread, 'two', 'r2');
    await thread.compact({
      summary: 'we talked about one and two',
      replacementHistory: [userText('two'), assistantText('summary of one and two')],
    });
    const items = await thread.persistedItems();
    // The record replay uses, then the event Codex's readers show the compaction from.
    expect(items.slice(-2)).toEqual([
      {
        type: 'compacted',
        payload: {
          message: 'we talked about one and two',
          replacement_history: [userText('two'), assistantText('summary of one and two')],
        },
      },
      { type: 'event_msg', payload: { type: 'context_compacted' } },
    ]);
    expect(visibleTexts(await thread.history())).toEqual(['user: two', 'assistant: summary of one and two']);

    await textTurn(thread, 'three', 'r3');
    const history = await thread.history();
    expect(visibleTexts(history)).toEqual([
      'user: two',
      'assistant: summary of one and two',
      'developer: Be brief.',
      'user: three',
      'assistant: r3',
    ]);
    // The replacement had no environment context, so the next turn sent it again.
    expect(history.filter((i) => JSON.stringify(i).includes('<environment_context>'))).toHaveLength(1);
    expect((await thread.replay()).compactions).toBe(1);
  });

  it('settles the step before compacting in the middle of a turn', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'long' });
    await turn.addResponseItems([{ type: 'function_call', name: 'a', arguments: '{}', call_id: 'c' }]);
    await turn.recordTokenUsage({ input_tokens: 1, output_tokens: 1, total_tokens: 2 });
    await turn.addResponseItems([{ type: 'function_call_output', call_id: 'c', output: 'ok' }]);
    await thread.compact({ summary: 's', replacementHistory: [userText('long'), assistantText('compacted')] });
    await turn.addAgentMessage('after');
    await turn.complete();
    expect((await thread.persistedItems()).slice(-7).map(kindOf)).toEqual([
      'response_item:function_call_output',
      'event_msg:token_count',
      'compacted',
      'event_msg:context_compacted',
      'event_msg:agent_message',
      'response_item:message:assistant',
      'event_msg:task_complete',
    ]);
  });

  it('rejects a malformed replacement history and writes nothing', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    const before = await thread.persistedItems();
    await expect(thread.compact({ summary: 's', replacementHistory: [{ role: 'user' }] as never })).rejects.toSatisfy(
      invalid,
    );
    await expect(thread.compact({ summary: 7 } as never)).rejects.toSatisfy(invalid);
    expect(await thread.persistedItems()).toEqual(before);
  });
});

describe('turn methods called out of order', () => {
  it('throw invalid_request and write nothing', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'one' });
    await expect(thread.startTurn({ input: 'second open turn' })).rejects.toThrow(/already has turn .* in progress/);
    await turn.addAgentMessage('r1');
    await turn.complete();
    const before = await thread.persistedItems();

    await expect(turn.complete()).rejects.toThrow(/is already completed/);
    await expect(turn.abort()).rejects.toThrow(/is already completed/);
    await expect(turn.addAgentMessage('late')).rejects.toThrow(/is already completed/);
    await expect(turn.addResponseItems([assistantText('late')])).rejects.toThrow(/is already completed/);
    await expect(turn.recordTokenUsage({ input_tokens: 1, output_tokens: 1, total_tokens: 2 })).rejects.toMatchObject({ code: 'invalid_request', field: 'turn' });
    expect(await thread.persistedItems()).toEqual(before);
  });

  it('reject bad input with the field named, writing nothing', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await expect(thread.startTurn({ input: '' })).rejects.toMatchObject({ code: 'invalid_request', field: 'input' });
    await expect(thread.startTurn({ input: [] })).rejects.toSatisfy(invalid);
    await expect(thread.startTurn({ input: 'x', turnContext: { cwd: 'rel' } })).rejects.toMatchObject({
      field: 'startTurn.turnContext.cwd',
    });
    await expect(
      thread.startTurn({ input: [{ type: 'localImage', path: '/nonexistent/picture.png' }] }),
    ).rejects.toMatchObject({ code: 'invalid_request', field: 'input.0.path' });
    // Nothing was written, not even the thread.
    expect(await thread.persistedItems()).toEqual([]);

    const turn = await thread.startTurn({ input: 'ok' });
    const before = await thread.persistedItems();
    await expect(turn.addResponseItems([{ type: 'function_call', name: 'f' } as never])).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(turn.recordTokenUsage({ input_tokens: -1, output_tokens: 0, total_tokens: 0 })).rejects.toMatchObject({ field: 'usage.input_tokens' });
    await expect(turn.abort('')).rejects.toMatchObject({ field: 'reason' });
    expect(() => thread.setWorldState([] as never)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    await expect(thread.recordItems([{ type: 'event_msg', payload: { type: 'token_count', info: 'x' } }] as never)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await thread.persistedItems()).toEqual(before);
    expect(thread.tokenUsage()).toBeUndefined();
    await turn.complete();
  });

  it('refuse everything but reads after shutdown', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await thread.shutdown();
    await thread.shutdown();
    await expect(thread.startTurn({ input: 'two' })).rejects.toThrow(/is shut down/);
    await expect(thread.recordItems([])).rejects.toThrow(/is shut down/);
    await expect(thread.flush()).rejects.toThrow(/is shut down/);
    expect(visibleTexts(await thread.history())).toHaveLength(3);
    expect((await thread.read()).preview).toBe('one');
  });
});
