import { mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CodexAppServer,
  type ExpectedTurn,
  makeTempDir,
  type PinnedCodexVersion,
  startCodexAppServer,
} from '@threadkit/codex-interop';
import type { TokenUsage } from '@threadkit/protocol';
import { LocalThreadStore, type ThreadHistoryItem } from '@threadkit/thread-store';
import { ThreadManager } from '../../manager/thread-manager';
import type { ThreadManagerDefaults } from '../../options/manager-options';
import type { Thread } from '../../thread/thread';

/** Installing a Codex release from npm may take minutes on a slow link (once per cache). */
export const INSTALL_TIMEOUT_MS = 10 * 60_000;
/** One interop test: a few Codex processes at most. */
export const CODEX_TEST_TIMEOUT_MS = 120_000;

/**
 * What a manager writing for Codex sets: the provider and model of the `config.toml` that
 * `writeCodexConfig` writes (`mock` / `mock-model`), everything else left at core's defaults
 * (source `cli`, originator `threadkit`, git facts collected).
 */
export const CODEX_VISIBLE_DEFAULTS = { model: 'mock-model', modelProvider: 'mock' } as const;

export type IndexMode = 'sqlite' | 'none';

/** Undoes setup in reverse order; every test file keeps one and runs it after each test. */
export class Cleanups {
  readonly #steps: Array<() => Promise<void>> = [];

  add(step: () => Promise<void>): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      await step().catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw errors[0];
  }
}

/** A temp Codex home and a project folder (the threads' cwd), both removed by `cleanups`. */
export interface InteropDirs {
  home: string;
  project: string;
}

export async function interopDirs(cleanups: Cleanups): Promise<InteropDirs> {
  const dir = await makeTempDir('threadkit-core-interop-');
  cleanups.add(dir.remove);
  const home = join(dir.path, 'codex-home');
  const project = join(dir.path, 'project');
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
  // Codex records the resolved path; so must we, for the cwd to compare equal.
  return { home, project: await realpath(project) };
}

/** A LocalThreadStore on `home` and a ThreadManager on it, with `close()` (also run by `cleanups`). */
export interface OpenedManager {
  store: LocalThreadStore;
  manager: ThreadManager;
  /** Shuts every loaded thread down and closes the store; throws when a thread failed to. */
  close(): Promise<void>;
}

export async function openManager(
  cleanups: Cleanups,
  home: string,
  index: IndexMode,
  defaults: Partial<ThreadManagerDefaults> & { cwd: string },
): Promise<OpenedManager> {
  const store = await LocalThreadStore.open({ home, index, defaultModelProvider: CODEX_VISIBLE_DEFAULTS.modelProvider });
  const manager = new ThreadManager({ store, defaults: { ...CODEX_VISIBLE_DEFAULTS, ...defaults } });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      try {
        const result = await manager.shutdownAll({ timeoutMs: 10_000 });
        if (result.failed.length > 0 || result.timedOut.length > 0) {
          throw new Error(`threads did not shut down: ${JSON.stringify(result)}`);
        }
      } finally {
        await store.close();
      }
    })();
    return closing;
  };
  cleanups.add(close);
  return { store, manager, close };
}

/** `codex app-server` of `version` on `home`, closed by `cleanups`. */
export async function serveHome(cleanups: Cleanups, version: PinnedCodexVersion, home: string): Promise<CodexAppServer> {
  const codex = await startCodexAppServer({ version, codexHome: home });
  cleanups.add(() => codex.close());
  return codex;
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

/** A turn as `turnTexts` reports one of Codex's `thread/read` turns. */
export interface RecordedTurn extends ExpectedTurn {}

/**
 * Records one turn as a model client would: the prompt, a tool call and its result, the
 * answer, and the usage of both model responses (reported when each response finished).
 * Returns the turn as Codex should read it back.
 */
export async function recordToolTurn(thread: Thread, prompt: string, answer: string, n: number): Promise<RecordedTurn> {
  const turn = await thread.startTurn({ input: prompt });
  await turn.addResponseItems([
    {
      type: 'function_call',
      name: 'exec_command',
      arguments: JSON.stringify({ cmd: `echo step-${n}`, yield_time_ms: 1000 }),
      call_id: `call_${n}`,
    },
  ]);
  await turn.recordTokenUsage(usage(1000 + n, 20));
  await turn.addResponseItems([{ type: 'function_call_output', call_id: `call_${n}`, output: `step-${n}\n` }]);
  await turn.addAgentMessage(answer);
  await turn.recordTokenUsage(usage(1100 + n, 30));
  await turn.complete();
  return {
    id: turn.turnId,
    status: 'completed',
    items: [
      { type: 'userMessage', text: prompt },
      { type: 'agentMessage', text: answer },
    ],
  };
}

/**
 * The turns of a legacy history as threadkit reads them back, in `turnTexts`' shape: turn
 * ids from `task_started`, texts from the `user_message` / `agent_message` events.
 */
export function historyTurns(items: readonly ThreadHistoryItem[]): RecordedTurn[] {
  const turns: RecordedTurn[] = [];
  for (const item of items) {
    if (item.type !== 'event_msg') continue;
    const payload = item.payload as { type?: string; turn_id?: string; message?: string };
    const current = turns.at(-1);
    if (payload.type === 'task_started') {
      turns.push({ id: String(payload.turn_id), status: 'inProgress', items: [] });
    } else if (payload.type === 'user_message') {
      current?.items.push({ type: 'userMessage', text: String(payload.message) });
    } else if (payload.type === 'agent_message') {
      current?.items.push({ type: 'agentMessage', text: String(payload.message) });
    } else if (payload.type === 'task_complete' && current) {
      current.status = 'completed';
    } else if (payload.type === 'turn_aborted' && current) {
      current.status = 'interrupted';
    }
  }
  return turns;
}

/** Waits for a notification of `method` whose params satisfy `matches`; fails after `timeoutMs`. */
export async function waitForNotification<T>(
  codex: CodexAppServer,
  method: string,
  matches: (params: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = codex.notifications.find((n) => n.method === method && matches(n.params as T));
    if (found) return found.params as T;
    if (Date.now() > deadline) {
      const seen = codex.notifications.map((n) => n.method).join(', ');
      throw new Error(`no ${method} notification within ${timeoutMs} ms (seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
