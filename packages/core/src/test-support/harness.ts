import type { TokenUsage } from '@threadkit/protocol';
import { InMemoryThreadStore, type ThreadStore } from '@threadkit/thread-store';
import { ThreadManager } from '../manager/thread-manager';
import type { ThreadManagerDefaults } from '../options/manager-options';
import type { Thread } from '../thread/thread';

/** A clock that moves 10 ms per reading, from a fixed start: timestamps are predictable. */
export function steppingClock(start = Date.parse('2026-11-21T10:28:11.000Z')): () => Date {
  let now = start;
  return () => {
    now += 10;
    return new Date(now);
  };
}

export const TEST_DEFAULTS: ThreadManagerDefaults = {
  model: 'mock-model',
  modelProvider: 'mock',
  cwd: '/workspace/project-9',
  originator: 'codex_exec',
  cliVersion: '0.142.0',
  approvalPolicy: 'never',
  sandboxPolicy: { type: 'read-only' },
  developerInstructions: 'Be brief.',
  timezone: 'Etc/UTC',
  shell: 'bash',
  modelContextWindow: 258400,
  collectGit: false,
};

/** A manager on an in-memory store (or `store`), both reading the same stepping clock. */
export function testManager(
  overrides: Partial<ThreadManagerDefaults> = {},
  store?: ThreadStore,
): { manager: ThreadManager; store: ThreadStore } {
  const clock = steppingClock();
  const used = store ?? new InMemoryThreadStore({ now: clock });
  const manager = new ThreadManager({ store: used, defaults: { ...TEST_DEFAULTS, clock, ...overrides } });
  return { manager, store: used };
}

export function usage(input: number, output: number): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: 0,
    total_tokens: input + output,
  };
}

/**
 * One turn in which the model calls a tool, reads its result and answers, reporting usage
 * the way a model client learns it: after each response has finished streaming.
 */
export async function toolTurn(thread: Thread, prompt: string, reply: string, n: number): Promise<void> {
  const turn = await thread.startTurn({ input: prompt });
  await turn.addResponseItems([
    {
      type: 'function_call',
      id: `fc_${n}`,
      name: 'exec_command',
      arguments: '{"cmd":"echo tool-ran","yield_time_ms":1000}',
      call_id: `call_${n}`,
    },
  ]);
  await turn.recordTokenUsage(usage(109 + n, 20));
  await turn.addResponseItems([{ type: 'function_call_output', call_id: `call_${n}`, output: 'tool-ran\n' }]);
  await turn.addAgentMessage(reply, { id: `msg_${n}` });
  await turn.recordTokenUsage(usage(110 + n, 20));
  await turn.complete();
}

/** One turn answered without tools. */
export async function textTurn(thread: Thread, prompt: string, reply: string): Promise<void> {
  const turn = await thread.startTurn({ input: prompt });
  await turn.addAgentMessage(reply);
  await turn.recordTokenUsage(usage(100, 10));
  await turn.complete();
}

/** Texts of the model-visible messages, injected context left out. */
export function visibleTexts(history: ReadonlyArray<{ type?: unknown; role?: unknown; content?: unknown }>): string[] {
  const texts: string[] = [];
  for (const item of history) {
    if (item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content as Array<{ text?: unknown }>) {
      if (typeof part.text === 'string' && !part.text.startsWith('<')) texts.push(`${String(item.role)}: ${part.text}`);
    }
  }
  return texts;
}
