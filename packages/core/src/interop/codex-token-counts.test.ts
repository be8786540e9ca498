import { readFile } from 'node:fs/promises';
import {
  codexInteropEnabled,
  ensureCodexCli,
  startStandInModel,
  turnTexts,
  writeCodexConfig,
} from '@threadkit/codex-interop';
import type { TokenUsage } from '@threadkit/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Thread } from '../thread/thread';
import { codex0142Session, type FixtureItem, kindOf } from '../test-support/fixture-turns';
import {
  CODEX_TEST_TIMEOUT_MS,
  Cleanups,
  INSTALL_TIMEOUT_MS,
  interopDirs,
  openManager,
  type RecordedTurn,
  serveHome,
  waitForNotification,
} from './support/interop-home';

const CODEX = '0.142.0';
// Two turns, each calling a tool, written by Codex 0.142 itself.
const CODEX_TOOL_SESSION = 'rollout-2026-11-21T10-28-11-01a1fda6-37d0-70f3-88c6-44503b20002f.jsonl';
const CONTEXT_WINDOW = 258_400;

interface TokenCountInfo {
  total_token_usage: TokenUsage;
  last_token_usage: TokenUsage;
  model_context_window: number | null;
}

interface AppServerTokenUsage {
  threadId: string;
  turnId: string;
  tokenUsage: {
    total: Record<string, number>;
    last: Record<string, number>;
    modelContextWindow: number | null;
  };
}

const tokenCountInfos = (items: readonly FixtureItem[]): TokenCountInfo[] =>
  items.filter((item) => kindOf(item) === 'event_msg:token_count').map((item) => item.payload.info as TokenCountInfo);

/** The lines of a rollout file as written, envelope timestamps left out. */
async function rolloutLines(path: string): Promise<FixtureItem[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { type, payload } = JSON.parse(line) as FixtureItem;
      return { type, payload };
    });
}

/** One tool-calling turn, reporting each model response's usage once it finished, as a model client does. */
async function toolTurn(thread: Thread, prompt: string, answer: string, usages: [TokenUsage, TokenUsage], n: number) {
  const turn = await thread.startTurn({ input: prompt });
  await turn.addResponseItems([
    { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"echo tool-ran"}', call_id: `call_${n}` },
  ]);
  await turn.recordTokenUsage(usages[0]);
  await turn.addResponseItems([{ type: 'function_call_output', call_id: `call_${n}`, output: 'tool-ran\n' }]);
  await turn.addAgentMessage(answer);
  await turn.recordTokenUsage(usages[1]);
  await turn.complete();
  const recorded: RecordedTurn = {
    id: turn.turnId,
    status: 'completed',
    items: [
      { type: 'userMessage', text: prompt },
      { type: 'agentMessage', text: answer },
    ],
  };
  return recorded;
}

describe.runIf(codexInteropEnabled())(`token counts of a ThreadManager turn, as Codex ${CODEX} writes and reads them`, () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(() => ensureCodexCli(CODEX), INSTALL_TIMEOUT_MS);

  it(
    'writes the file with the line kinds and token counts of a Codex tool turn, and Codex restores the usage',
    async () => {
      const codexLines = codex0142Session(CODEX_TOOL_SESSION);
      const codexCounts = tokenCountInfos(codexLines);
      const lastUsages = codexCounts.map((info) => info.last_token_usage);
      expect(lastUsages).toHaveLength(4);

      const { home, project } = await interopDirs(cleanups);
      const model = await startStandInModel();
      cleanups.add(() => model.close());
      await writeCodexConfig(home, { baseUrl: model.baseUrl });
      const writer = await openManager(cleanups, home, 'sqlite', {
        cwd: project,
        developerInstructions: 'Be brief.',
        modelContextWindow: CONTEXT_WINDOW,
      });
      const thread = await writer.manager.startThread();
      const turns = [
        await toolTurn(thread, 'Use a tool to check', 'Checked.', [lastUsages[0]!, lastUsages[1]!], 1),
        await toolTurn(thread, 'Check again', 'Still fine.', [lastUsages[2]!, lastUsages[3]!], 2),
      ];
      const { rolloutPath } = await thread.read();
      await writer.close();

      // The file as it is on disk: every line in the place Codex puts it, token counts at step ends.
      const ours = await rolloutLines(rolloutPath!);
      expect(ours.map(kindOf)).toEqual(codexLines.map(kindOf));
      expect(tokenCountInfos(ours)).toEqual(codexCounts);

      const codex = await serveHome(cleanups, CODEX, home);
      expect(turnTexts(await codex.readThread(thread.threadId, { includeTurns: true }))).toEqual(turns);
      // Loading the thread makes Codex restore its token usage from the last token_count.
      await codex.request('thread/resume', { threadId: thread.threadId });
      const restored = await waitForNotification<AppServerTokenUsage>(
        codex,
        'thread/tokenUsage/updated',
        (params) => params.threadId === thread.threadId,
      );
      const total = codexCounts.at(-1)!.total_token_usage;
      const last = codexCounts.at(-1)!.last_token_usage;
      expect(restored).toEqual({
        threadId: thread.threadId,
        turnId: turns[1]!.id,
        tokenUsage: {
          total: {
            inputTokens: total.input_tokens,
            cachedInputTokens: total.cached_input_tokens,
            outputTokens: total.output_tokens,
            reasoningOutputTokens: total.reasoning_output_tokens,
            totalTokens: total.total_tokens,
          },
          last: {
            inputTokens: last.input_tokens,
            cachedInputTokens: last.cached_input_tokens,
            outputTokens: last.output_tokens,
            reasoningOutputTokens: last.reasoning_output_tokens,
            totalTokens: last.total_tokens,
          },
          modelContextWindow: CONTEXT_WINDOW,
        },
      });
      // Loading asked the model nothing and reached nothing else.
      expect(model.responseRequests()).toEqual([]);
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
