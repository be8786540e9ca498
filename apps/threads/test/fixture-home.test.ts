import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codexFixture, copyCodexHome } from '@threadkit/codex-interop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree } from './support/home-hash';
import { runThreads, THREADS_BIN } from './support/threads-binary';

const fixture = codexFixture('0.142.0');
const SECOND_NAME_ID = '01a1fda6-344c-7e30-8d32-270bb9140a10';

interface ListedThread {
  threadId: string;
  preview: string;
  name: string | null;
  source: unknown;
  modelProvider: string;
  cwd: string;
  archivedAt: string | null;
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
const listed = (stdout: string) =>
  (JSON.parse(stdout) as { threads: ListedThread[] }).threads
    .map((t) => ({ id: t.threadId, preview: t.preview, name: t.name, source: t.source, modelProvider: t.modelProvider, cwd: t.cwd }))
    .sort(byId);
const expectedOf = (threads: typeof fixture.expected.active) =>
  threads
    .map((t) => ({ id: t.id, preview: t.preview, name: t.name, source: t.source, modelProvider: t.modelProvider, cwd: t.cwd }))
    .sort(byId);

describe('threads on a copy of the Codex 0.142 fixture home', () => {
  let home: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    home = await copyCodexHome(fixture.home);
  });
  afterAll(async () => {
    await home?.remove();
  });

  it('list --json gives the ids, previews and names Codex reported', async () => {
    const { code, stdout, stderr } = await runThreads(['--home', home.path, 'list', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(listed(stdout)).toEqual(expectedOf(fixture.expected.active));
  });

  it('list --archived --json gives the archived thread', async () => {
    const { code, stdout } = await runThreads(['--home', home.path, '--json', 'list', '--archived']);
    expect(code).toBe(0);
    expect(listed(stdout)).toEqual(expectedOf(fixture.expected.archived));
  });

  it('CODEX_HOME is the default home', async () => {
    const { code, stdout } = await runThreads(['--json', 'list'], { env: { CODEX_HOME: home.path } });
    expect(code).toBe(0);
    expect(listed(stdout)).toHaveLength(fixture.expected.active.length);
  });

  it('show "second name" finds that thread by name and prints its conversation', async () => {
    const { code, stdout, stderr } = await runThreads(['--home', home.path, 'show', 'second name']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('second name');
    expect(stdout).toContain(SECOND_NAME_ID);
    for (const turn of fixture.expected.reads[SECOND_NAME_ID]!.turns) {
      for (const item of turn.items) expect(stdout).toContain(item.text.trim().split('\n')[0]);
    }
  });

  it('show renders tool calls with their output and exit code, in every turn', async () => {
    const toolThread = '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce';
    const { code, stdout } = await runThreads(['--home', home.path, 'show', toolThread]);
    expect(code).toBe(0);
    expect(stdout).toContain('⚙ exec_command  echo tool-ran  exit 0\n  │ tool-ran\n');
    expect(stdout).not.toContain('Chunk ID');
    const turns = fixture.expected.reads[toolThread]!.turns.length;
    expect(stdout.match(/── Turn \d+ /g)).toHaveLength(turns);
  });

  it('export --format md holds the same texts', async () => {
    const { code, stdout } = await runThreads(['--home', home.path, 'export', SECOND_NAME_ID, '--format', 'md']);
    expect(code).toBe(0);
    expect(stdout.startsWith('# second name\n')).toBe(true);
    const expected = fixture.expected.reads[SECOND_NAME_ID]!.turns.flatMap((turn) => turn.items.map((i) => i.text));
    for (const text of expected) expect(stdout).toContain(text.trim());
  });

  it('search finds a thread by a word of its messages, with a snippet', async () => {
    const { code, stdout } = await runThreads(['--home', home.path, '--json', 'search', 'tool']);
    expect(code).toBe(0);
    const results = (JSON.parse(stdout) as { results: { thread: ListedThread; snippet: string }[] }).results;
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result.snippet.toLowerCase()).toContain('tool');
  });

  it('stats counts what Codex listed', async () => {
    const { code, stdout } = await runThreads(['--home', home.path, '--json', 'stats']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as { threads: number; active: number; archived: number; bytes: number };
    expect(stats).toMatchObject({
      active: fixture.expected.active.length,
      archived: fixture.expected.archived.length,
      threads: fixture.expected.active.length + fixture.expected.archived.length,
    });
    expect(stats.bytes).toBeGreaterThan(0);
  });
});

describe('threads on a copy of the Codex 0.169 fixture home (paginated history)', () => {
  const newer = codexFixture('0.169.0');
  const thread = '01a1fda5-56cc-7d30-a84c-d79a5a770b0b';
  let home: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    home = await copyCodexHome(newer.home);
  });
  afterAll(async () => {
    await home?.remove();
  });

  it('lists the ids, previews and names Codex reported', async () => {
    for (const archived of [false, true]) {
      const args = ['--home', home.path, '--json', 'list', ...(archived ? ['--archived'] : [])];
      const { code, stdout } = await runThreads(args);
      expect(code).toBe(0);
      expect(listed(stdout)).toEqual(expectedOf(archived ? newer.expected.archived : newer.expected.active));
    }
  });

  it('shows the details, then the conversation read from the response items', async () => {
    const { code, stdout, stderr } = await runThreads(['--home', home.path, 'show', thread]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(thread);
    const expected = newer.expected.reads[thread]!;
    for (const turn of expected.turns) {
      for (const item of turn.items) {
        if (item.type === 'userMessage' || item.type === 'agentMessage') expect(stdout).toContain(String(item.text).trim());
      }
    }
    const json = JSON.parse((await runThreads(['--home', home.path, '--json', 'show', thread])).stdout) as {
      conversation: unknown[] | null;
    };
    expect(json.conversation).not.toBeNull();
  });

  it('exports it as markdown', async () => {
    const { code, stdout, stderr } = await runThreads(['--home', home.path, 'export', thread, '--format', 'md']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('follow-up for 6');
  });
});

describe('bad input changes nothing in the home', () => {
  let home: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    home = await copyCodexHome(fixture.home);
    // Two threads sharing a name, to ask for an ambiguous one.
    for (const id of ['01a1fda6-3cc1-7d42-b07d-b99519538a7a', '01a1fda6-3b8a-7792-8e1c-b22826e2c31c']) {
      const renamed = await runThreads(['--home', home.path, 'rename', id, 'twin']);
      expect(renamed.code).toBe(0);
    }
  });
  afterAll(async () => {
    await home?.remove();
  });

  const cases: [string, string[], number, RegExp][] = [
    ['an unknown id', ['show', '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55'], 1, /no thread with id/],
    ['an unknown name', ['rename', 'no such thread', 'x'], 1, /no thread named "no such thread"/],
    ['an ambiguous name', ['archive', 'twin'], 1, /ambiguous: 2 threads/],
    ['an ambiguous name to delete', ['delete', 'twin', '--yes'], 1, /ambiguous/],
    ['a bad flag', ['list', '--colour'], 2, /unknown option '--colour'/],
    ['a bad value', ['list', '--limit', 'ten'], 2, /--limit/],
    ['a cursor the store never made', ['list', '--cursor', 'garbage'], 2, /--cursor: not a cursor/],
    ['an unknown command', ['lsit'], 2, /unknown command 'lsit'/],
    ['delete without --yes in a pipe', ['delete', SECOND_NAME_ID], 2, /--yes/],
    ['an empty name', ['rename', SECOND_NAME_ID, ' '], 2, /must not be empty/],
  ];

  const named = cases.map(([label, argv, exitCode, message]) => ({ label, argv, exitCode, message }));
  it.each(named)('$label: one line on stderr, exit $exitCode, home unchanged', async ({ argv, exitCode, message }) => {
    const before = await hashTree(home.path);
    const { code, stdout, stderr } = await runThreads(['--home', home.path, ...argv]);
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^threads: /);
    expect(stderr).toMatch(message);
    expect(await hashTree(home.path)).toBe(before);
  });

  it('an unreadable home: missing, or a file, is one line and exit 1, creating nothing', async () => {
    const missing = join(home.path, 'not-here');
    const result = await runThreads(['--home', missing, 'list']);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: `threads: no Codex home at ${missing} (set --home or CODEX_HOME)\n` });

    const file = join(home.path, '..', 'a-file');
    await writeFile(file, 'not a home');
    const before = await hashTree(home.path);
    const onFile = await runThreads(['--home', file, 'archive', SECOND_NAME_ID]);
    expect(onFile).toMatchObject({ code: 1, stdout: '', stderr: `threads: Codex home ${file} is not a directory\n` });
    expect(await hashTree(home.path)).toBe(before);
  });

  it('reading commands create nothing in the home, not even an index', async () => {
    const before = await hashTree(home.path);
    for (const argv of [['list'], ['show', 'second name'], ['search', 'plan'], ['stats'], ['export', SECOND_NAME_ID]]) {
      const { code } = await runThreads(['--home', home.path, ...argv]);
      expect(code).toBe(0);
    }
    expect(await hashTree(home.path)).toBe(before);
  });

  it('with an index built, bad input still changes nothing', async () => {
    const indexed = await copyCodexHome(fixture.home);
    try {
      expect((await runThreads(['--home', indexed.path, 'index'])).code).toBe(0);
      const before = await hashTree(indexed.path);
      for (const [, argv, exitCode] of cases.filter(([label]) => !label.includes('ambiguous'))) {
        expect((await runThreads(['--home', indexed.path, ...argv])).code).toBe(exitCode);
      }
      expect(await hashTree(indexed.path)).toBe(before);
    } finally {
      await indexed.remove();
    }
  });
});

describe('a home with nothing in it', () => {
  it('lists no threads', async () => {
    const home = await copyCodexHome(fixture.home);
    try {
      const empty = join(home.path, 'empty');
      await mkdir(empty);
      const { code, stdout } = await runThreads(['--home', empty, 'list']);
      expect(code).toBe(0);
      expect(stdout).toBe('No threads.\n');
    } finally {
      await home.remove();
    }
  });
});

describe('output into a pipe that closes early', () => {
  it('ends quietly when the reader stops (threads show … | head -1)', async () => {
    const home = await copyCodexHome(fixture.home);
    try {
      const command = `"${process.execPath}" "${THREADS_BIN}" --home "${home.path}" show "second name" --full | head -1`;
      const run = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
      expect(run.stdout).toBe('second name\n');
      expect(run.stderr).toBe('');
    } finally {
      await home.remove();
    }
  });
});
