import { isThreadStoreError } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenUsage } from '@threadkit/protocol';
import { codex0142ExpectedTurns, codex0142Session, kindOf, legacyTurns } from '../test-support/fixture-turns';
import { testManager, textTurn, toolTurn, usage, visibleTexts } from '../test-support/harness';

// Two turns, each with a tool call, written by Codex 0.142 in legacy mode.
const FIXTURE_WITH_TOOLS = 'rollout-2026-11-21T10-28-11-01a1fda6-37d0-70f3-88c6-44503b20002f.jsonl';
const FIXTURE_THREAD_ID = '01a1fda6-37d0-70f3-88c6-44503b20002f';

// What identifies a record apart from ids, clocks and the injected context texts.
function comparable(item: { type: string; payload: unknown }): unknown {
  const payload = item.payload as Record<string, unknown>;
  if (item.type === 'response_item' && (payload.role === 'developer' || kindOf(item) === 'response_item:message:user')) {
    const text = (payload.content as Array<{ text: string }>)[0]!.text;
    if (payload.role === 'developer' || text.startsWith('<environment_context>')) return kindOf(item);
  }
  if (item.type === 'response_item' || payload.type === 'user_message' || payload.type === 'agent_message') return item;
  if (payload.type === 'token_count') return item;
  if (payload.type === 'task_complete') return { type: 'task_complete', last_agent_message: payload.last_agent_message };
  return kindOf(item);
}

describe('a thread recorded through core', () => {
  it('writes a two-turn tool-calling thread in the same line order as Codex 0.142', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await toolTurn(thread, 'session 6: use a tool to check', 'Reply 10', 9);
    await toolTurn(thread, 'follow-up for 6', 'Reply 12', 11);

    const ours = await thread.persistedItems();
    const codex = codex0142Session(FIXTURE_WITH_TOOLS);
    expect(ours.map(kindOf)).toEqual(codex.map(kindOf));
    // The fixture's opening turn, spelled out: token counts come after the tool results.
    expect(ours.slice(0, 14).map(kindOf)).toEqual([
      'session_meta',
      'event_msg:task_started',
      'response_item:message:developer',
      'response_item:message:user',
      'turn_context',
      'response_item:message:user',
      'event_msg:user_message',
      'response_item:function_call',
      'response_item:function_call_output',
      'event_msg:token_count',
      'event_msg:agent_message',
      'response_item:message:assistant',
      'event_msg:token_count',
      'event_msg:task_complete',
    ]);
  });

  it('re-records a Codex 0.142 thread with the same records and the turns Codex reported for it', async () => {
    const codex = codex0142Session(FIXTURE_WITH_TOOLS);
    const { manager } = testManager();
    const thread = await manager.startThread();
    let turn: Awaited<ReturnType<typeof thread.startTurn>> | undefined;
    for (const { type, payload } of codex) {
      if (type === 'response_item' && payload.type !== 'message') await turn!.addResponseItems([payload as never]);
      if (type === 'response_item' && payload.role === 'assistant') {
        const text = (payload.content as Array<{ text: string }>)[0]!.text;
        await turn!.addAgentMessage(text, { id: payload.id as string });
      }
      if (type !== 'event_msg') continue;
      if (payload.type === 'user_message') turn = await thread.startTurn({ input: payload.message as string });
      if (payload.type === 'token_count') {
        const info = payload.info as { last_token_usage: TokenUsage };
        await turn!.recordTokenUsage(info.last_token_usage, { rateLimits: payload.rate_limits as never });
      }
      if (payload.type === 'task_complete') await turn!.complete();
    }
    const ours = await thread.persistedItems();
    expect(ours.map(comparable)).toEqual(codex.map(comparable));
    expect(legacyTurns(ours)).toEqual(codex0142ExpectedTurns(FIXTURE_THREAD_ID));
    expect((await thread.read()).preview).toBe('session 6: use a tool to check');
  });

  it('reads back the texts, the turn ids and the running token totals', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await toolTurn(thread, 'session 6: use a tool to check', 'Reply 10', 9);
    await toolTurn(thread, 'follow-up for 6', 'Reply 12', 11);

    const items = await thread.persistedItems();
    const events = items.filter((i) => i.type === 'event_msg').map((i) => i.payload as Record<string, unknown>);
    expect(events.filter((e) => e.type === 'user_message').map((e) => e.message)).toEqual([
      'session 6: use a tool to check',
      'follow-up for 6',
    ]);
    expect(events.filter((e) => e.type === 'agent_message').map((e) => e.message)).toEqual(['Reply 10', 'Reply 12']);
    expect(events.filter((e) => e.type === 'task_complete').map((e) => e.last_agent_message)).toEqual([
      'Reply 10',
      'Reply 12',
    ]);
    const totals = events
      .filter((e) => e.type === 'token_count')
      .map((e) => (e.info as { total_token_usage: { total_tokens: number } }).total_token_usage.total_tokens);
    expect(totals).toEqual([138, 277, 417, 558]);
    expect(thread.tokenUsage()?.total_tokens).toBe(558);

    const started = events.filter((e) => e.type === 'task_started').map((e) => e.turn_id as string);
    const completed = events.filter((e) => e.type === 'task_complete').map((e) => e.turn_id as string);
    expect(completed).toEqual(started);
    expect(started[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const contexts = items.filter((i) => i.type === 'turn_context').map((i) => (i.payload as { turn_id: string }).turn_id);
    expect(contexts).toEqual(started);

    expect(visibleTexts(await thread.history())).toEqual([
      'developer: Be brief.',
      'user: session 6: use a tool to check',
      'assistant: Reply 10',
      'user: follow-up for 6',
      'assistant: Reply 12',
    ]);
    const stored = await thread.read();
    expect(stored.preview).toBe('session 6: use a tool to check');
    expect(stored.firstUserMessage).toBe('session 6: use a tool to check');
    expect(stored.model).toBe('mock-model');
    expect(stored.tokenUsage?.total_tokens).toBe(558);
  });

  it('writes the payloads Codex writes for prompts, replies and turn settings', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({
      input: [
        { type: 'text', text: 'look at ' },
        { type: 'text', text: '@file please', textElements: [{ byte_range: { start: 0, end: 5 }, placeholder: '@file' }] },
        { type: 'image', imageUrl: 'https://example.com/a.png' },
      ],
      turnContext: { reasoningEffort: 'high' },
    });
    await turn.addAgentMessage('done', { phase: 'final_answer' });
    await turn.complete();
    const items = await thread.persistedItems();
    const payloads = items.map((i) => i.payload as Record<string, unknown>);
    const environment = payloads.find((p) => p.role === 'user') as { content: Array<{ text: string }> };
    expect(environment.content[0]!.text).toBe(
      '<environment_context>\n  <cwd>/workspace/project-9</cwd>\n  <shell>bash</shell>\n' +
        '  <current_date>2026-11-21</current_date>\n  <timezone>Etc/UTC</timezone>\n</environment_context>',
    );
    expect(payloads.find((p) => p.type === 'user_message')).toEqual({
      type: 'user_message',
      message: 'look at @file please',
      images: ['https://example.com/a.png'],
      local_images: [],
      text_elements: [{ byte_range: { start: 8, end: 13 }, placeholder: '@file' }],
    });
    const context = items.find((i) => i.type === 'turn_context')!.payload as Record<string, unknown>;
    expect(context).toMatchObject({
      cwd: '/workspace/project-9',
      current_date: '2026-11-21',
      timezone: 'Etc/UTC',
      approval_policy: 'never',
      sandbox_policy: { type: 'read-only' },
      model: 'mock-model',
      effort: 'high',
      summary: 'auto',
    });
    expect(payloads.find((p) => p.type === 'agent_message')).toEqual({
      type: 'agent_message',
      message: 'done',
      phase: 'final_answer',
      memory_citation: null,
    });
    expect(payloads.find((p) => p.type === 'task_started')).toMatchObject({
      model_context_window: 258400,
      collaboration_mode_kind: 'default',
    });
  });

  it('embeds local images as data URLs and keeps their paths in the event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadkit-core-image-'));
    try {
      const path = join(dir, 'shot.png');
      writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      const { manager } = testManager();
      const thread = await manager.startThread();
      const turn = await thread.startTurn({ input: [{ type: 'localImage', path }] });
      await turn.complete();
      const payloads = (await thread.persistedItems()).map((i) => i.payload as Record<string, unknown>);
      const prompt = payloads.filter((p) => p.role === 'user').at(-1)!;
      expect(prompt.content).toEqual([{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw==' }]);
      expect(payloads.find((p) => p.type === 'user_message')).toMatchObject({ message: '', local_images: [path] });
      // An image-only prompt still previews.
      expect((await thread.read()).preview).toBe('[Image]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes in call order even when calls are not awaited one by one', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const starting = thread.startTurn({ input: 'one' });
    const recording = thread.recordItems([{ type: 'some_future_kind', payload: { n: 1 } }]);
    const turn = await starting;
    const replying = turn.addAgentMessage('r1');
    const completing = turn.complete();
    await Promise.all([recording, replying, completing]);
    expect((await thread.persistedItems()).slice(-5).map(kindOf)).toEqual([
      'event_msg:user_message',
      'some_future_kind',
      'event_msg:agent_message',
      'response_item:message:assistant',
      'event_msg:task_complete',
    ]);
  });

  it('sends the initial context once, and the environment again only when the cwd changes', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await textTurn(thread, 'two', 'r2');
    const turn = await thread.startTurn({ input: 'three', turnContext: { cwd: '/workspace/other' } });
    await turn.complete();
    const items = await thread.persistedItems();
    const contextMessages = items
      .map((i) => i.payload as { role?: string; content?: Array<{ text: string }> })
      .filter((p) => p.role === 'developer' || p.content?.[0]?.text.startsWith('<environment_context>'));
    expect(contextMessages.map((p) => p.role)).toEqual(['developer', 'user', 'user']);
    expect(contextMessages[2]!.content![0]!.text).toContain('<cwd>/workspace/other</cwd>');
    // Turn settings stay in effect for the turns that follow.
    expect(thread.settings.cwd).toBe('/workspace/other');
  });

  it('writes nothing for a thread until its first turn starts', async () => {
    const { manager, store } = testManager();
    const thread = await manager.startThread();
    thread.setWorldState({ mode: 'a' });
    await thread.flush();
    expect((await store.listThreads({})).items).toEqual([]);
    await expect(thread.read()).rejects.toSatisfy((e) => isThreadStoreError(e, 'thread_not_found'));
    expect(await thread.history()).toEqual([]);
    await thread.shutdown();
    await expect(store.readThread({ threadId: thread.threadId })).rejects.toSatisfy((e) =>
      isThreadStoreError(e, 'thread_not_found'),
    );
  });

  it('records raw items and aborted turns', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'stop me' });
    await turn.recordTokenUsage(usage(5, 1));
    await turn.abort();
    await thread.recordItems([
      { type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'injected' }] } },
      { type: 'some_future_kind', payload: { kept: true } },
    ]);
    const items = await thread.persistedItems();
    expect(items.slice(-4).map(kindOf)).toEqual([
      'event_msg:token_count',
      'event_msg:turn_aborted',
      'response_item:message:user',
      'some_future_kind',
    ]);
    expect(items.at(-3)!.payload).toMatchObject({ type: 'turn_aborted', turn_id: turn.turnId, reason: 'interrupted' });
    expect(turn.status).toBe('aborted');
  });
});

describe('token counts at turn end', () => {
  it('keeps a token count after tool results added once the usage was known', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'run two tools' });
    await turn.addResponseItems([
      { type: 'function_call', name: 'a', arguments: '{}', call_id: 'c1' },
      { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch', call_id: 'c2' },
    ]);
    await turn.recordTokenUsage(usage(10, 2));
    expect(thread.tokenUsage()?.total_tokens).toBe(12);
    await turn.addResponseItems([{ type: 'function_call_output', call_id: 'c1', output: 'ok' }]);
    await turn.addResponseItems([{ type: 'custom_tool_call_output', call_id: 'c2', output: 'patched' }]);
    // The next sampling step begins: the settled count is written first.
    await turn.addResponseItems([{ type: 'reasoning', summary: [], content: null, encrypted_content: 'x' }]);
    await turn.addAgentMessage('both ran');
    await turn.recordTokenUsage(usage(20, 3));
    await turn.complete();
    const kinds = (await thread.persistedItems()).slice(-10).map(kindOf);
    expect(kinds).toEqual([
      'response_item:function_call',
      'response_item:custom_tool_call',
      'response_item:function_call_output',
      'response_item:custom_tool_call_output',
      'event_msg:token_count',
      'response_item:reasoning',
      'event_msg:agent_message',
      'response_item:message:assistant',
      'event_msg:token_count',
      'event_msg:task_complete',
    ]);
  });

  it('writes an earlier count when a later response reports before the step settled', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'x' });
    await turn.recordTokenUsage(usage(1, 1));
    await turn.recordTokenUsage(usage(2, 2));
    await turn.complete();
    const counts = (await thread.persistedItems())
      .filter((i) => kindOf(i) === 'event_msg:token_count')
      .map((i) => (i.payload as { info: { last_token_usage: { total_tokens: number } } }).info.last_token_usage.total_tokens);
    expect(counts).toEqual([2, 4]);
    expect(turn.tokenUsage?.total_tokens).toBe(6);
  });

  it('seeds the running total from the last token count when a thread is resumed', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await thread.shutdown();
    const resumed = await manager.resumeThread({ threadId: thread.threadId });
    expect(resumed.tokenUsage()?.total_tokens).toBe(110);
    const turn = await resumed.startTurn({ input: 'two' });
    await turn.recordTokenUsage(usage(1, 1));
    await turn.complete();
    expect((await resumed.read()).tokenUsage?.total_tokens).toBe(112);
  });
});
