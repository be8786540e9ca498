import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServerThread } from './app-server-types';
import { type CodexAppServer, startCodexAppServer } from './codex-app-server';
import { codexFixture, type ExpectedThread } from './codex-fixtures';
import { comparableThread, turnTexts } from './comparable-thread';
import { ensureCodexCli } from './ensure-codex-cli';
import { codexInteropEnabled } from './interop-switch';
import { JsonRpcError } from './json-rpc-connection';
import { copyCodexHome } from './temp-dirs';

const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * Fields of expected.json a copy of the fixture cannot reproduce. 0.169 keeps
 * renames (`thread/name/set`) and git patches (`thread/metadata/update`) only in its
 * private state_5.sqlite, which the fixture leaves out: it still appends renames to
 * session_index.jsonl but never reads them back, and writes nothing to the rollout.
 * 0.142 reads names from session_index.jsonl and appends git patches to the rollout.
 */
const STATE_DB_ONLY: Record<string, ReadonlyArray<'name' | 'gitInfo'>> = {
  '0.142.0': [],
  '0.169.0': ['name', 'gitInfo'],
};

function reproducible(version: string, thread: AppServerThread | ExpectedThread) {
  const fields: Partial<ReturnType<typeof comparableThread>> = comparableThread(thread);
  for (const field of STATE_DB_ONLY[version] ?? []) delete fields[field];
  return fields;
}

// The fixtures hold what each Codex release's app-server reported about the home
// it wrote; a copy of that home served by the same release must report the same.
describe.runIf(codexInteropEnabled()).each(['0.142.0', '0.169.0'])('codex %s app-server on its own fixture', (version) => {
  const fixture = codexFixture(version);
  let server: CodexAppServer;
  let removeHome: () => Promise<void>;

  beforeAll(async () => {
    await ensureCodexCli(version);
    const home = await copyCodexHome(fixture.home);
    removeHome = home.remove;
    server = await startCodexAppServer({ version, codexHome: home.path });
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await removeHome?.();
  });

  it('answers initialize with its version', () => {
    expect(server.serverInfo.userAgent).toContain(`/${version} `);
  });

  it('lists exactly the active threads of expected.json, in order, with the same previews and names', async () => {
    const active = await server.listThreads({ archived: false });
    expect(active.map((t) => reproducible(version, t))).toEqual(fixture.expected.active.map((t) => reproducible(version, t)));
    for (const thread of active) expect(thread.path).toContain(`${server.codexHome}/sessions/`);
  }, 60_000);

  it('lists exactly the archived threads of expected.json', async () => {
    const archived = await server.listThreads({ archived: true });
    expect(archived.map((t) => reproducible(version, t))).toEqual(
      fixture.expected.archived.map((t) => reproducible(version, t)),
    );
    for (const thread of archived) expect(thread.path).toContain(`${server.codexHome}/archived_sessions/`);
  }, 60_000);

  it('returns the same threads when paging two at a time', async () => {
    const paged = await server.listThreads({ archived: false, limit: 2 });
    expect(paged.map((t) => t.id)).toEqual(fixture.expected.active.map((t) => t.id));
  }, 60_000);

  it('reads every thread with the metadata expected.json recorded', async () => {
    const reads = Object.entries(fixture.expected.reads);
    expect(reads.length).toBe(fixture.expected.active.length + fixture.expected.archived.length);
    for (const [id, expected] of reads) {
      const thread = await server.readThread(id);
      expect(reproducible(version, thread), id).toEqual(reproducible(version, expected));
    }
  }, 60_000);

  it('reports an unknown thread as a JSON-RPC error', async () => {
    const missing = '01a1fda6-0000-7000-8000-000000000000';
    await expect(server.readThread(missing)).rejects.toBeInstanceOf(JsonRpcError);
  }, 60_000);

  it('tried to reach nothing beyond loopback', () => {
    expect(server.outboundAttempts()).toEqual([]);
  });
});

describe.runIf(codexInteropEnabled())('codex 0.142.0 app-server on its fixture: names and turns', () => {
  const version = '0.142.0';
  const fixture = codexFixture(version);
  let server: CodexAppServer;
  let removeHome: () => Promise<void>;

  beforeAll(async () => {
    await ensureCodexCli(version);
    const home = await copyCodexHome(fixture.home);
    removeHome = home.remove;
    server = await startCodexAppServer({ version, codexHome: home.path });
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await removeHome?.();
  });

  it('shows the names of session_index.jsonl, the last rename winning', async () => {
    const named = (await server.listThreads()).filter((t) => t.name !== null).map((t) => [t.preview, t.name]);
    expect(named).toEqual([
      ['session 4: please summarise the plan', 'second name'],
      ['session 1: please summarise the plan', 'Renamed: release checklist'],
    ]);
  }, 60_000);

  // 0.142 rebuilds turns from the rollout file itself (legacy history mode), so
  // every read of expected.json, tool-calling and resumed threads included, must
  // come back with the same user and agent texts.
  it('returns the user and agent texts of every turn', async () => {
    const reads = Object.entries(fixture.expected.reads);
    expect(reads.some(([, read]) => read.turns.length > 1)).toBe(true);
    for (const [id, expected] of reads) {
      const thread = await server.readThread(id, { includeTurns: true });
      expect(turnTexts(thread), id).toEqual(expected.turns);
    }
  }, 60_000);
});

describe.runIf(codexInteropEnabled())('codex 0.169.0 app-server on its fixture: what only its state DB held', () => {
  const version = '0.169.0';
  const fixture = codexFixture(version);
  let server: CodexAppServer;
  let removeHome: () => Promise<void>;

  beforeAll(async () => {
    await ensureCodexCli(version);
    const home = await copyCodexHome(fixture.home);
    removeHome = home.remove;
    server = await startCodexAppServer({ version, codexHome: home.path });
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await server?.close();
    await removeHome?.();
  });

  it('loses the renames and the git patch that expected.json shows', async () => {
    const served = await server.listThreads();
    const expected = new Map(fixture.expected.active.map((t) => [t.id, t]));
    expect(fixture.expected.active.filter((t) => t.name !== null)).toHaveLength(2);
    expect(served.every((t) => t.name === null)).toBe(true);
    const gitChanged = served.filter((t) => JSON.stringify(t.gitInfo) !== JSON.stringify(expected.get(t.id)?.gitInfo));
    expect(gitChanged.map((t) => expected.get(t.id)?.gitInfo)).toEqual([
      { sha: '0123456789abcdef0123456789abcdef01234567', branch: 'feature/x', originUrl: null },
    ]);
  }, 60_000);

  // 0.169 writes the paginated history mode and keeps turns in private SQLite
  // files, so a read with turns of its fixture has no turns to show.
  it('has no turns to return for a copied home', async () => {
    const [id] = Object.keys(fixture.expected.reads);
    const thread = await server.readThread(id!, { includeTurns: true });
    expect(thread.historyMode).toBe('paginated');
    expect(thread.turns).toEqual([]);
  }, 60_000);
});
