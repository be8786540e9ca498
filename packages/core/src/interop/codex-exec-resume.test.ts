import {
  codexInteropEnabled,
  ensureCodexCli,
  runCodexExec,
  startStandInModel,
  turnTexts,
  writeCodexConfig,
} from '@threadkit/codex-interop';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CODEX_TEST_TIMEOUT_MS,
  Cleanups,
  historyTurns,
  INSTALL_TIMEOUT_MS,
  interopDirs,
  openManager,
  recordToolTurn,
  serveHome,
} from './support/interop-home';

const CODEX = '0.142.0';

describe.runIf(codexInteropEnabled())(`codex ${CODEX} exec resume continues a thread recorded by ThreadManager`, () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(() => ensureCodexCli(CODEX), INSTALL_TIMEOUT_MS);

  it(
    'appends a Codex turn that threadkit resumes after, and Codex reads all of it',
    async () => {
      const { home, project } = await interopDirs(cleanups);
      const model = await startStandInModel({ replies: [{ shellCommand: 'echo from-codex' }, { text: 'Codex ran it.' }] });
      cleanups.add(() => model.close());
      await writeCodexConfig(home, { baseUrl: model.baseUrl });

      const writer = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const thread = await writer.manager.startThread();
      const ours = [
        await recordToolTurn(thread, 'List the files, please', 'Two files: a and b.', 1),
        await recordToolTurn(thread, 'And their sizes?', 'Both are empty.', 2),
      ];
      await writer.close();

      const run = await runCodexExec({
        version: CODEX,
        codexHome: home,
        cwd: project,
        prompt: 'Run it yourself',
        resumeThreadId: thread.threadId,
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.threadId).toBe(thread.threadId);
      expect(run.outboundAttempts).toEqual([]);
      // The model was sent threadkit's turns as the conversation so far, tool call included.
      const [firstRequest] = model.responseRequests();
      const sent = JSON.stringify(firstRequest?.body);
      for (const text of ['List the files, please', 'Both are empty.', 'call_2', 'step-2\\n', 'Run it yourself']) {
        expect(sent).toContain(text);
      }

      // A new store and manager, as another process would open them.
      const reader = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const stored = await reader.store.readThread({ threadId: thread.threadId, includeHistory: true });
      const afterCodex = historyTurns(stored.history!.items);
      expect(afterCodex).toHaveLength(3);
      expect(afterCodex.slice(0, 2)).toEqual(ours);
      const codexTurn = afterCodex[2]!;
      expect(codexTurn).toEqual({
        id: expect.any(String),
        status: 'completed',
        items: [
          { type: 'userMessage', text: 'Run it yourself' },
          { type: 'agentMessage', text: 'Codex ran it.' },
        ],
      });
      expect(stored.preview).toBe('List the files, please');

      const resumed = await reader.manager.resumeThread({ threadId: thread.threadId });
      expect(historyTurns(await resumed.persistedItems())).toEqual(afterCodex);
      // Token totals continue from the count Codex wrote last.
      const counts = stored.history!.items.filter((item) => (item.payload as { type?: unknown }).type === 'token_count');
      const codexTotal = (counts.at(-1)!.payload as { info: { total_token_usage: unknown } }).info.total_token_usage;
      expect(counts.length).toBeGreaterThan(4);
      expect(resumed.tokenUsage()).toEqual(codexTotal);
      // The thread goes on in threadkit after Codex's turn.
      const next = await recordToolTurn(resumed, 'Summarise everything', 'Done.', 4);
      await reader.close();

      const codex = await serveHome(cleanups, CODEX, home);
      const [listed] = await codex.listThreads();
      expect(listed).toMatchObject({ id: thread.threadId, preview: 'List the files, please', modelProvider: 'mock', cwd: project });
      const read = await codex.readThread(thread.threadId, { includeTurns: true });
      expect(turnTexts(read)).toEqual([...ours, codexTurn, next]);
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
