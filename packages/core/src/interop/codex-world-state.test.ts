import {
  codexInteropEnabled,
  copyCodexHome,
  ensureCodexCli,
  type PinnedCodexVersion,
  turnTexts,
} from '@threadkit/codex-interop';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayWorldState } from '../replay/replay-history';
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

const VERSIONS: PinnedCodexVersion[] = ['0.142.0', '0.169.0'];
const FIRST_STATE = { plan: ['draft', 'review'], open_file: { path: 'src/a.ts', line: 1 }, notes: 'start' };
const LAST_STATE = { plan: ['draft', 'review', 'ship'], open_file: { path: 'src/b.ts', line: 7 } };

describe.runIf(codexInteropEnabled())('Codex reads a thread that carries world state records', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(async () => {
    for (const version of VERSIONS) await ensureCodexCli(version);
  }, INSTALL_TIMEOUT_MS);

  it(
    'lists and reads it in Codex 0.142 and 0.169, and threadkit resumes the state set last',
    async () => {
      const { home, project } = await interopDirs(cleanups);
      const writer = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const thread = await writer.manager.startThread();
      thread.setWorldState(FIRST_STATE);
      const first = await recordToolTurn(thread, 'Start the plan', 'Started.', 1);
      thread.setWorldState(LAST_STATE);
      const second = await recordToolTurn(thread, 'Move to b.ts', 'Moved.', 2);
      const records = (await thread.persistedItems()).filter((item) => item.type === 'world_state');
      // A snapshot, then the RFC 7386 patch from it to the last state.
      expect(records.map((item) => item.payload)).toEqual([
        { full: true, origin: 'threadkit', state: FIRST_STATE },
        { full: false, origin: 'threadkit', state: { plan: LAST_STATE.plan, open_file: { path: 'src/b.ts', line: 7 }, notes: null } },
      ]);
      await writer.close();

      const written = [first, second];
      for (const version of VERSIONS) {
        // Each release gets its own copy: Codex writes its SQLite files into the home it serves.
        const copy = await copyCodexHome(home);
        cleanups.add(copy.remove);
        const codex = await serveHome(cleanups, version, copy.path);
        const listed = await codex.listThreads();
        expect(listed.map((t) => ({ id: t.id, preview: t.preview, cwd: t.cwd })), version).toEqual([
          { id: thread.threadId, preview: 'Start the plan', cwd: project },
        ]);
        const read = await codex.readThread(thread.threadId, { includeTurns: true });
        expect(read.preview, version).toBe('Start the plan');
        expect(turnTexts(read), version).toEqual(written);
        expect(codex.outboundAttempts(), version).toEqual([]);
      }

      const reader = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const resumed = await reader.manager.resumeThread({ threadId: thread.threadId });
      expect(resumed.worldState()).toEqual(LAST_STATE);
      const items = await resumed.persistedItems();
      expect(replayWorldState(items)).toEqual(LAST_STATE);
      expect(historyTurns(items)).toEqual(written);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
