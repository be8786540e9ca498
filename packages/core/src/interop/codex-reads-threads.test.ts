import {
  type AppServerThread,
  codexFixture,
  codexInteropEnabled,
  comparableThread,
  copyCodexHome,
  ensureCodexCli,
  startStandInModel,
  turnTexts,
  writeCodexConfig,
} from '@threadkit/codex-interop';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CORE_VERSION } from '../version';
import {
  CODEX_TEST_TIMEOUT_MS,
  Cleanups,
  historyTurns,
  INSTALL_TIMEOUT_MS,
  type IndexMode,
  interopDirs,
  openManager,
  recordToolTurn,
  serveHome,
} from './support/interop-home';

const CODEX = '0.142.0';
// Threads of the Codex 0.142 fixture: two turns that each call a tool, and two plain turns.
const CODEX_TOOL_THREAD = '01a1fda6-37d0-70f3-88c6-44503b20002f';
const CODEX_TWO_TURN_THREAD = '01a1fda6-3cc1-7d42-b07d-b99519538a7a';

/** What a listing says about a thread, beyond timestamps and paths. */
function listedFacts(thread: AppServerThread) {
  expect(thread).toMatchObject({ modelProvider: 'mock', cliVersion: CORE_VERSION, gitInfo: null, ephemeral: false });
  return {
    id: thread.id,
    preview: thread.preview,
    name: thread.name,
    source: thread.source,
    cwd: thread.cwd,
    forkedFromId: thread.forkedFromId,
  };
}

describe.runIf(codexInteropEnabled())(`Codex ${CODEX} reads threads recorded by ThreadManager`, () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(() => ensureCodexCli(CODEX), INSTALL_TIMEOUT_MS);

  it.each<IndexMode>(['sqlite', 'none'])(
    'lists two-turn threads with their first prompt as preview and reads their turns (index: %s)',
    async (index) => {
      const { home, project } = await interopDirs(cleanups);
      const opened = await openManager(cleanups, home, index, { cwd: project });
      const first = await opened.manager.startThread();
      const second = await opened.manager.startThread({ source: 'exec' });
      const written = {
        [first.threadId]: [
          await recordToolTurn(first, 'List the files, please', 'Two files: a and b.', 1),
          await recordToolTurn(first, 'And their sizes?', 'Both are empty.', 2),
        ],
        [second.threadId]: [
          await recordToolTurn(second, 'Check the build', 'The build passes.', 3),
          await recordToolTurn(second, 'Run the tests too', 'All tests pass.', 4),
        ],
      };
      // What threadkit reads back is what it wrote.
      for (const thread of [first, second]) {
        expect(historyTurns(await thread.persistedItems())).toEqual(written[thread.threadId]);
      }
      const ours = await opened.store.listThreads({ modelProviders: [], pageSize: 10 });
      await opened.close();

      const model = await startStandInModel();
      cleanups.add(() => model.close());
      await writeCodexConfig(home, { baseUrl: model.baseUrl });
      const codex = await serveHome(cleanups, CODEX, home);
      // Codex's own default listing (interactive sources, the configured provider) shows the
      // thread started with core's default source; `codex exec` sessions are listed on request.
      const plain = await codex.request<{ data: AppServerThread[] }>('thread/list', {});
      expect(plain.data.map((t) => t.id)).toEqual([first.threadId]);
      const listed = await codex.listThreads();
      expect(
        listed
          .map(listedFacts)
          .sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual([
        { id: first.threadId, preview: 'List the files, please', name: null, source: 'cli', cwd: project, forkedFromId: null },
        { id: second.threadId, preview: 'Check the build', name: null, source: 'exec', cwd: project, forkedFromId: null },
      ]);
      // threadkit lists the same threads, newest first, with the same previews.
      expect(ours.items.map((t) => [t.threadId, t.preview])).toEqual(listed.map((t) => [t.id, t.preview]));
      for (const thread of [first, second]) {
        const read = await codex.readThread(thread.threadId, { includeTurns: true });
        expect(turnTexts(read)).toEqual(written[thread.threadId]);
      }
      expect(codex.outboundAttempts()).toEqual([]);
      expect(model.requests).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );

  it(
    'reads a fork cut before the second prompt with forkedFromId, its first turn, and its own next turn',
    async () => {
      const { home, project } = await interopDirs(cleanups);
      const opened = await openManager(cleanups, home, 'sqlite', { cwd: project });
      const source = await opened.manager.startThread();
      const kept = await recordToolTurn(source, 'Draft the release notes', 'Drafted.', 1);
      const dropped = await recordToolTurn(source, 'Shorten them', 'Shortened.', 2);
      const fork = await opened.manager.forkThread({ threadId: source.threadId, beforeUserMessage: 1 });
      expect((await fork.read()).forkedFromId).toBe(source.threadId);
      const own = await recordToolTurn(fork, 'Translate them instead', 'Translated.', 3);
      await opened.close();

      const codex = await serveHome(cleanups, CODEX, home);
      const listed = (await codex.listThreads()).map(listedFacts);
      // Codex 0.142 leaves forkedFromId out of listings; thread/read carries it.
      expect(listed.find((t) => t.id === fork.threadId)).toEqual({
        id: fork.threadId,
        preview: 'Draft the release notes',
        name: null,
        source: 'cli',
        cwd: project,
        forkedFromId: null,
      });
      expect(listed.map((t) => t.id).sort()).toEqual([source.threadId, fork.threadId].sort());

      const readFork = await codex.readThread(fork.threadId, { includeTurns: true });
      expect(readFork.forkedFromId).toBe(source.threadId);
      expect(readFork.preview).toBe('Draft the release notes');
      expect(turnTexts(readFork)).toEqual([kept, own]);
      const readSource = await codex.readThread(source.threadId, { includeTurns: true });
      expect(readSource.forkedFromId).toBeNull();
      expect(turnTexts(readSource)).toEqual([kept, dropped]);
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );

  it.each<IndexMode>(['sqlite', 'none'])(
    'shows renames made through updateThreadMetadata on a loaded and on a cold thread (index: %s)',
    async (index) => {
      const { home, project } = await interopDirs(cleanups);
      const opened = await openManager(cleanups, home, index, { cwd: project });
      const live = await opened.manager.startThread();
      const liveTurn = await recordToolTurn(live, 'Plan the migration', 'Planned.', 1);
      const cold = await opened.manager.startThread();
      await recordToolTurn(cold, 'Review the schema', 'Reviewed.', 2);
      await cold.shutdown();
      expect(opened.manager.getThread(cold.threadId)).toBeUndefined();

      expect((await opened.manager.updateThreadMetadata(live.threadId, { name: 'Migration plan' })).name).toBe('Migration plan');
      expect((await opened.manager.updateThreadMetadata(cold.threadId, { name: 'Schema review' })).name).toBe('Schema review');
      // The loaded thread goes on after its rename; its later metadata must not undo the name.
      const later = await recordToolTurn(live, 'Estimate the downtime', 'About a minute.', 3);
      expect((await live.read()).name).toBe('Migration plan');
      await opened.close();

      const codex = await serveHome(cleanups, CODEX, home);
      const names = Object.fromEntries((await codex.listThreads()).map((t) => [t.id, t.name]));
      expect(names).toEqual({ [live.threadId]: 'Migration plan', [cold.threadId]: 'Schema review' });
      const readLive = await codex.readThread(live.threadId, { includeTurns: true });
      expect(readLive.name).toBe('Migration plan');
      expect(turnTexts(readLive)).toEqual([liveTurn, later]);
      expect((await codex.readThread(cold.threadId)).name).toBe('Schema review');
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );

  it(
    'reads a Codex thread that threadkit forked, and one that threadkit resumed for another turn',
    async () => {
      const fixture = codexFixture(CODEX);
      const copy = await copyCodexHome(fixture.home);
      cleanups.add(copy.remove);
      const opened = await openManager(cleanups, copy.path, 'sqlite', { cwd: '/workspace/project-9' });
      const fork = await opened.manager.forkThread({ threadId: CODEX_TOOL_THREAD, beforeUserMessage: 1 });
      const forkTurn = await recordToolTurn(fork, 'Fork: check something else', 'Checked on the fork.', 1);
      const continued = await opened.manager.resumeThread({ threadId: CODEX_TWO_TURN_THREAD });
      const continuedTurn = await recordToolTurn(continued, 'One more from threadkit', 'Added by threadkit.', 2);
      await opened.close();

      const codex = await serveHome(cleanups, CODEX, copy.path);
      const readFork = await codex.readThread(fork.threadId, { includeTurns: true });
      expect(readFork).toMatchObject({ forkedFromId: CODEX_TOOL_THREAD, preview: fixture.expected.reads[CODEX_TOOL_THREAD]!.preview });
      expect(turnTexts(readFork)).toEqual([fixture.expected.reads[CODEX_TOOL_THREAD]!.turns[0], forkTurn]);
      const readContinued = await codex.readThread(CODEX_TWO_TURN_THREAD, { includeTurns: true });
      expect(turnTexts(readContinued)).toEqual([...fixture.expected.reads[CODEX_TWO_TURN_THREAD]!.turns, continuedTurn]);
      // The sources Codex wrote are listed as before, next to the fork.
      const listed = await codex.listThreads();
      expect(listed.map(comparableThread).filter((t) => t.id !== fork.threadId)).toEqual(
        fixture.expected.active.map(comparableThread),
      );
      expect(listed.map((t) => t.id)).toContain(fork.threadId);
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
