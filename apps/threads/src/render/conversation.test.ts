import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createColors } from 'picocolors';
import type { ThreadHistoryItem } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { conversationEntries } from './conversation';
import { renderConversationMarkdown } from './conversation-markdown';
import { renderConversationText } from './conversation-text';

const fixtures = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const plain = createColors(false);

/** The items of one fixture rollout, without envelopes: what a store returns. */
function rolloutItems(version: string, threadId: string): ThreadHistoryItem[] {
  const dir = join(fixtures, `codex-${version}/home/sessions/2026/11/21`);
  const file = readdirSync(dir).find((name) => name.endsWith(`${threadId}.jsonl`))!;
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { type, payload } = JSON.parse(line) as ThreadHistoryItem;
      return { type, payload } as ThreadHistoryItem;
    });
}

function expectedTurns(version: string, threadId: string) {
  const expected = JSON.parse(readFileSync(join(fixtures, `codex-${version}/expected.json`), 'utf8')) as {
    reads: Record<string, { turns: { items: { type: string; text: string }[] }[] }>;
  };
  return expected.reads[threadId]!.turns;
}

describe('conversationEntries', () => {
  it.each([
    ['0.142', '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce'],
    ['0.142', '01a1fda6-344c-7e30-8d32-270bb9140a10'],
    ['0.169', '01a1fda5-5342-79d2-b024-b3fc500611b7'],
  ])('reads the turns Codex %s reported for %s', (version, threadId) => {
    const entries = conversationEntries(rolloutItems(version, threadId));
    const turns: { type: string; text: string }[][] = [];
    for (const entry of entries) {
      if (entry.kind === 'turn') turns.push([]);
      if (entry.kind === 'user') turns.at(-1)!.push({ type: 'userMessage', text: entry.text });
      if (entry.kind === 'agent') turns.at(-1)!.push({ type: 'agentMessage', text: entry.text });
    }
    expect(turns).toEqual(expectedTurns(version, threadId).map((turn) => turn.items));
  });

  it('pairs tool calls with their output and leaves injected context out', () => {
    const entries = conversationEntries(rolloutItems('0.142', '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce'));
    const tool = entries.find((entry) => entry.kind === 'tool');
    // Codex's exec header (chunk id, wall time, token count) is dropped; the exit code is kept.
    expect(tool).toEqual({ kind: 'tool', name: 'exec_command', input: 'echo tool-ran', output: 'tool-ran\n', exitCode: 0, failed: false });
    expect(JSON.stringify(entries)).not.toContain('environment_context');
    expect(JSON.stringify(entries)).not.toContain('developer instructions');
  });

  it('numbers turns without turn events, and notes rollbacks, aborts and compactions', () => {
    const user = (text: string) => ({
      type: 'response_item',
      payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
    const items = [
      user('first'),
      user('second'),
      { type: 'event_msg', payload: { type: 'turn_aborted', reason: 'interrupted' } },
      { type: 'event_msg', payload: { type: 'thread_rolled_back', num_turns: 1 } },
      { type: 'compacted', payload: { message: 'summary' } },
    ] as ThreadHistoryItem[];
    expect(conversationEntries(items)).toEqual([
      { kind: 'turn', number: 1 },
      { kind: 'user', text: 'first' },
      { kind: 'turn', number: 2 },
      { kind: 'user', text: 'second' },
      { kind: 'note', text: 'turn aborted (interrupted)' },
      { kind: 'note', text: 'rolled back 1 turn' },
      { kind: 'note', text: 'context compacted' },
    ]);
  });

  it('reads the exit code of older Codex shell output', () => {
    const items = [
      { type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: '{"command":["ls","x"]}', call_id: 'c' } },
      {
        type: 'response_item',
        payload: { type: 'function_call_output', call_id: 'c', output: '{"output":"ls: x: No such file","metadata":{"exit_code":2}}' },
      },
    ] as ThreadHistoryItem[];
    expect(conversationEntries(items)).toEqual([
      { kind: 'tool', name: 'shell', input: 'ls x', output: 'ls: x: No such file', exitCode: 2, failed: true },
    ]);
  });

  it('marks failed tool output and keeps outputs whose call is missing', () => {
    const items = [
      { type: 'response_item', payload: { type: 'function_call', name: 'read', arguments: '{"path":"a"}', call_id: 'c1' } },
      { type: 'response_item', payload: { type: 'function_call_output', call_id: 'c1', output: { content: 'denied', success: false } } },
      { type: 'response_item', payload: { type: 'function_call_output', call_id: 'other', output: 'orphan' } },
    ] as ThreadHistoryItem[];
    expect(conversationEntries(items)).toEqual([
      { kind: 'tool', name: 'read', input: '{"path":"a"}', output: 'denied', exitCode: null, failed: true },
      { kind: 'tool', name: 'tool output', input: '', output: 'orphan', exitCode: null, failed: false },
    ]);
  });
});

describe('rendering', () => {
  const entries = conversationEntries([
    { type: 'event_msg', payload: { type: 'task_started' } },
    { type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run it' }] } },
    { type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"make"}', call_id: 'c' } },
    { type: 'response_item', payload: { type: 'function_call_output', call_id: 'c', output: '1\n2\n3\n4\n5\n6\n' } },
    { type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done ```' }] } },
  ] as ThreadHistoryItem[]);

  it('folds tool output to four lines on the terminal, unless asked for all', () => {
    const folded = renderConversationText(entries, { colors: plain, width: undefined, full: false });
    expect(folded).toContain('⚙ exec_command  make\n  │ 1\n  │ 2\n  │ 3\n  │ 4\n  … 2 more lines (--full shows everything)');
    const full = renderConversationText(entries, { colors: plain, width: undefined, full: true });
    expect(full).toContain('  │ 6');
    expect(full).not.toContain('more lines');
  });

  it('writes Markdown whose code fences survive backticks in the text', () => {
    const markdown = renderConversationMarkdown(entries);
    expect(markdown).toContain('## Turn 1\n\n**User**\n\nrun it');
    expect(markdown).toContain('<details>\n<summary>Output</summary>\n\n```text\n1\n2\n3\n4\n5\n6\n```\n\n</details>');
    expect(markdown).toContain('**Agent**\n\ndone ```');
  });
});
