import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThreadManager } from '@threadkit/core';
import type { TokenUsage } from '@threadkit/protocol';
import { InMemoryThreadStore, type ThreadStore } from '@threadkit/thread-store';
import { runCli } from '../../src/program';
import type { StoreOpener } from '../../src/store/store-opener';
import { type CapturedIo, capturedIo } from './captured-io';

export const NOW = new Date('2026-11-21T12:00:00.000Z');

function usage(input: number, output: number): TokenUsage {
  return { input_tokens: input, cached_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0, total_tokens: input + output };
}

/**
 * An in-memory store holding four threads recorded through ThreadManager:
 * two named "deploy notes" (to test ambiguity), one with a tool call, one exec
 * session on another provider. The clock steps a minute per reading.
 */
export async function seededStore(): Promise<{ store: ThreadStore; ids: Record<string, string> }> {
  let now = Date.parse('2026-11-20T09:00:00.000Z');
  const clock = () => {
    now += 60_000;
    return new Date(now);
  };
  const store = new InMemoryThreadStore({ now: clock });
  const manager = new ThreadManager({
    store,
    defaults: { model: 'gpt-5', modelProvider: 'openai', cwd: '/work/app', timezone: 'UTC', shell: 'bash', collectGit: false, clock },
  });
  const ids: Record<string, string> = {};

  const tool = await manager.startThread();
  const turn = await tool.startTurn({ input: 'Why does the build fail on CI?' });
  await turn.addResponseItems([
    { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"npm test"}', call_id: 'call_1' },
  ]);
  await turn.addResponseItems([
    { type: 'function_call_output', call_id: 'call_1', output: 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nFAIL src/a.test.ts' },
  ]);
  await turn.addAgentMessage('The test in src/a.test.ts fails because the fixture moved.');
  await turn.recordTokenUsage(usage(1200, 300));
  await turn.complete();
  ids.tool = tool.threadId;

  for (const key of ['first', 'second'] as const) {
    const thread = await manager.startThread();
    const t = await thread.startTurn({ input: `Write the ${key} deploy notes` });
    await t.addAgentMessage(`Here are the ${key} notes.`);
    await t.complete();
    ids[key] = thread.threadId;
  }

  const exec = await manager.startThread({ source: 'exec', modelProvider: 'ollama', cwd: '/work/other' });
  const e = await exec.startTurn({ input: 'Summarise the changelog' });
  await e.addAgentMessage('Three fixes and one feature.');
  await e.complete();
  ids.exec = exec.threadId;

  await manager.shutdownAll({ timeoutMs: 5_000 });
  await store.updateThreadMetadata({ threadId: ids.first!, patch: { name: 'deploy notes' } });
  await store.updateThreadMetadata({ threadId: ids.second!, patch: { name: 'deploy notes' } });
  await store.updateThreadMetadata({ threadId: ids.tool!, patch: { name: 'CI failure' } });
  return { store, ids };
}

export function memoryOpener(store: ThreadStore): StoreOpener {
  return async () => ({ store, indexed: false, close: async () => {} });
}

/** A readable empty directory to pass as --home (the memory store ignores it). */
export async function emptyHome(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'threads-home-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process against `store`, with --home set to `home`. */
export async function runOn(
  store: ThreadStore,
  home: string,
  argv: string[],
  options: { stdinTTY?: boolean; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const io: CapturedIo = capturedIo(options);
  const code = await runCli(['--home', home, ...argv], io, { openStore: memoryOpener(store), now: () => NOW });
  return { code, stdout: io.output(), stderr: io.errors() };
}
