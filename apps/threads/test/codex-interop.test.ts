import {
  type CodexAppServer,
  codexFixture,
  codexInteropEnabled,
  copyCodexHome,
  ensureCodexCli,
  startCodexAppServer,
} from '@threadkit/codex-interop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThreads } from './support/threads-binary';

// Codex 0.142 reads names from session_index.jsonl (0.169 only from its private SQLite),
// so it is the release that can confirm a rename made by another program.
const VERSION = '0.142.0';
const fixture = codexFixture(VERSION);

const RENAMED = '01a1fda6-3cc1-7d42-b07d-b99519538a7a';
const ARCHIVED = '01a1fda6-3b8a-7792-8e1c-b22826e2c31c';
const UNARCHIVED = fixture.expected.archived[0]!.id;
const DELETED = '01a1fda6-37d0-70f3-88c6-44503b20002f';

interface ListedThread {
  threadId: string;
  name: string | null;
  preview: string;
}

describe.runIf(codexInteropEnabled())(`changes made by threads, as Codex ${VERSION} reports them`, () => {
  let home: { path: string; remove: () => Promise<void> };
  let codex: CodexAppServer | undefined;

  beforeAll(async () => {
    await ensureCodexCli(VERSION);
    home = await copyCodexHome(fixture.home);
    const threads = (...argv: string[]) => runThreads(['--home', home.path, ...argv]);
    expect(await threads('rename', RENAMED, 'Renamed by threads')).toMatchObject({ code: 0 });
    expect(await threads('archive', ARCHIVED)).toMatchObject({ code: 0 });
    expect(await threads('unarchive', UNARCHIVED)).toMatchObject({ code: 0 });
    expect(await threads('delete', DELETED, '--yes')).toMatchObject({ code: 0 });
    codex = await startCodexAppServer({ version: VERSION, codexHome: home.path });
  }, 10 * 60_000);

  afterAll(async () => {
    await codex?.close();
    await home?.remove();
  });

  it('sees the new name', async () => {
    const active = await codex!.listThreads();
    expect(active.find((thread) => thread.id === RENAMED)?.name).toBe('Renamed by threads');
    expect((await codex!.readThread(RENAMED)).name).toBe('Renamed by threads');
  });

  it('lists the archived thread in its archive only, and the unarchived one as active', async () => {
    const active = (await codex!.listThreads()).map((thread) => thread.id);
    const archived = (await codex!.listThreads({ archived: true })).map((thread) => thread.id);
    expect(archived).toEqual([ARCHIVED]);
    expect(active).not.toContain(ARCHIVED);
    expect(active).toContain(UNARCHIVED);
  });

  it('no longer knows the deleted thread', async () => {
    const everything = [...(await codex!.listThreads()), ...(await codex!.listThreads({ archived: true }))];
    expect(everything.map((thread) => thread.id)).not.toContain(DELETED);
    await expect(codex!.readThread(DELETED)).rejects.toThrow();
  });

  it('lists exactly what threads lists, with the same names and previews', async () => {
    for (const archived of [false, true]) {
      const args = ['--home', home.path, '--json', 'list', '--limit', '100', ...(archived ? ['--archived'] : [])];
      const ours = (JSON.parse((await runThreads(args)).stdout) as { threads: ListedThread[] }).threads
        .map((t) => ({ id: t.threadId, name: t.name, preview: t.preview }))
        .sort((a, b) => a.id.localeCompare(b.id));
      const theirs = (await codex!.listThreads({ archived }))
        .map((t) => ({ id: t.id, name: t.name, preview: t.preview }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(ours).toEqual(theirs);
    }
  });
});
