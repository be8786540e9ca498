import { codexInteropEnabled, ensureCodexCli, startStandInModel, turnTexts, writeCodexConfig } from '@threadkit/codex-interop';
import type { ResponseItem } from '@threadkit/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CODEX_TEST_TIMEOUT_MS,
  Cleanups,
  INSTALL_TIMEOUT_MS,
  interopDirs,
  openManager,
  recordToolTurn,
  serveHome,
  usage,
} from './support/interop-home';

const CODEX = '0.142.0';

const message = (role: 'user' | 'assistant', text: string): ResponseItem =>
  ({
    type: 'message',
    role,
    content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }],
  }) as ResponseItem;

describe.runIf(codexInteropEnabled())(`Codex ${CODEX} reads the compactions of a ThreadManager thread`, () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(() => ensureCodexCli(CODEX), INSTALL_TIMEOUT_MS);

  it(
    'shows a compaction inside a turn and one between turns as context compactions, as it shows its own',
    async () => {
      const { home, project } = await interopDirs(cleanups);
      const writer = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const thread = await writer.manager.startThread();
      const first = await recordToolTurn(thread, 'Read the long log', 'It is long.', 1);

      const turn = await thread.startTurn({ input: 'Keep reading' });
      await turn.addResponseItems([{ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"tail log"}', call_id: 'call_2' }]);
      await turn.recordTokenUsage(usage(200_000, 20));
      await turn.addResponseItems([{ type: 'function_call_output', call_id: 'call_2', output: 'more log\n' }]);
      // The context is full: compacted between two steps of the turn, as Codex's auto-compaction does.
      await thread.compact({
        summary: 'The log was read up to its tail.',
        replacementHistory: [message('user', 'Keep reading'), message('assistant', 'Summary: log read up to its tail.')],
      });
      await turn.addAgentMessage('Done reading.');
      await turn.recordTokenUsage(usage(1_000, 10));
      await turn.complete();
      // Compacted between turns, as a person asking for it would.
      await thread.compact({ summary: 'Read the log.', replacementHistory: [message('assistant', 'Summary: the log was read.')] });
      const last = await recordToolTurn(thread, 'What next?', 'Nothing.', 3);
      await writer.close();

      const model = await startStandInModel();
      cleanups.add(() => model.close());
      await writeCodexConfig(home, { baseUrl: model.baseUrl });
      const codex = await serveHome(cleanups, CODEX, home);
      const read = await codex.readThread(thread.threadId, { includeTurns: true });
      expect(read.turns.map((t) => t.items.map((item) => item.type))).toEqual([
        ['userMessage', 'agentMessage'],
        ['userMessage', 'contextCompaction', 'agentMessage'],
        ['contextCompaction'],
        ['userMessage', 'agentMessage'],
      ]);
      const texts = turnTexts(read);
      expect([texts[0], texts[3]]).toEqual([first, last]);
      expect(texts[1]).toEqual({
        id: turn.turnId,
        status: 'completed',
        items: [
          { type: 'userMessage', text: 'Keep reading' },
          { type: 'agentMessage', text: 'Done reading.' },
        ],
      });
      expect(model.requests).toEqual([]);
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
