import {
  codexInteropEnabled,
  ensureCodexCli,
  runCodexExec,
  startStandInModel,
  writeCodexConfig,
} from '@threadkit/codex-interop';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayWorldState } from '../replay/replay-history';
import { CODEX_TEST_TIMEOUT_MS, Cleanups, INSTALL_TIMEOUT_MS, interopDirs, openManager, recordToolTurn } from './support/interop-home';

const CODEX = '0.169.0';
const APP_STATE = { plan: ['draft', 'ship'], open_file: { path: 'src/a.ts', line: 3 } };

describe.runIf(codexInteropEnabled())(`an app's world state survives codex ${CODEX} resuming the thread`, () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(() => ensureCodexCli(CODEX), INSTALL_TIMEOUT_MS);

  it(
    "keeps Codex's own world_state records apart from the app's",
    async () => {
      const { home, project } = await interopDirs(cleanups);
      const model = await startStandInModel({ replies: [{ text: 'Done.' }] });
      cleanups.add(() => model.close());
      await writeCodexConfig(home, { baseUrl: model.baseUrl });

      const writer = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const thread = await writer.manager.startThread();
      thread.setWorldState(APP_STATE);
      await recordToolTurn(thread, 'Plan the release', 'Planned.', 1);
      await writer.close();

      const run = await runCodexExec({ version: CODEX, codexHome: home, cwd: project, prompt: 'Go on', resumeThreadId: thread.threadId });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.outboundAttempts).toEqual([]);

      const reader = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const resumed = await reader.manager.resumeThread({ threadId: thread.threadId });
      const items = await resumed.persistedItems();
      const foreign = items.filter((item) => item.type === 'world_state' && (item.payload as { origin?: string }).origin !== 'threadkit');
      // Codex wrote world state of its own into the thread...
      expect(foreign.length).toBeGreaterThan(0);
      // ...and the app's state is still the one it set.
      expect(resumed.worldState()).toEqual(APP_STATE);
      expect(replayWorldState(items)).toEqual(APP_STATE);
      // Replaying every record would have mixed Codex's context into the app's state.
      expect(replayWorldState(items, { worldState: 'all' })).not.toEqual(APP_STATE);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
