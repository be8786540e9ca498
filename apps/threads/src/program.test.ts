import type { ThreadStore } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHome, runOn, seededStore } from '../test/support/memory-home';

let store: ThreadStore;
let ids: Record<string, string>;
let home: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  ({ store, ids } = await seededStore());
  home = await emptyHome();
});
afterAll(async () => {
  await home.remove();
});

const run = (argv: string[], options?: Parameters<typeof runOn>[3]) => runOn(store, home.path, argv, options);

describe('list', () => {
  it('lists every source and provider by default, newest first, as stable JSON', async () => {
    const { code, stdout, stderr } = await run(['--json', 'list']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { threads: Record<string, unknown>[]; nextCursor: string | null };
    expect(parsed.threads.map((t) => t.threadId)).toEqual([ids.exec, ids.second, ids.first, ids.tool]);
    expect(parsed.nextCursor).toBeNull();
    const tool = parsed.threads.find((t) => t.threadId === ids.tool)!;
    expect(Object.keys(tool)).toEqual([
      'threadId', 'name', 'preview', 'createdAt', 'updatedAt', 'recencyAt', 'archivedAt', 'cwd', 'source',
      'threadSource', 'modelProvider', 'model', 'reasoningEffort', 'cliVersion', 'historyMode', 'forkedFromId',
      'parentThreadId', 'agentNickname', 'agentRole', 'agentPath', 'gitInfo', 'approvalMode', 'permissionProfile',
      'tokenUsage', 'firstUserMessage', 'memoryMode', 'rolloutPath',
    ]);
    expect(tool).toMatchObject({
      name: 'CI failure',
      preview: 'Why does the build fail on CI?',
      cwd: '/work/app',
      source: 'cli',
      modelProvider: 'openai',
      archivedAt: null,
      tokenUsage: { inputTokens: 1200, outputTokens: 300, totalTokens: 1500 },
    });
    expect(tool.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('--json also works after the command name', async () => {
    const { code, stdout } = await run(['list', '--json', '--limit', '1']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { threads: unknown[]; nextCursor: string | null };
    expect(parsed.threads).toHaveLength(1);
    expect(parsed.nextCursor).toEqual(expect.any(String));
  });

  it('filters by source, provider, cwd and text, and pages with the printed cursor', async () => {
    const ids_ = async (argv: string[]) =>
      (JSON.parse((await run(['--json', 'list', ...argv])).stdout) as { threads: { threadId: string }[] }).threads.map(
        (t) => t.threadId,
      );
    expect(await ids_(['--source', 'exec'])).toEqual([ids.exec]);
    expect(await ids_(['--provider', 'openai', '--asc'])).toEqual([ids.tool, ids.first, ids.second]);
    expect(await ids_(['--cwd', '/work/other'])).toEqual([ids.exec]);
    expect(await ids_(['--search', 'deploy', '--sort', 'updated'])).toEqual([ids.second, ids.first]);

    const first = JSON.parse((await run(['--json', 'list', '--limit', '3'])).stdout) as { nextCursor: string };
    expect(await ids_(['--limit', '3', '--cursor', first.nextCursor])).toEqual([ids.tool]);
  });

  it('prints an aligned table with relative times and no colour in a pipe', async () => {
    const { code, stdout } = await run(['list']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+CREATED\s+SOURCE\s+PROVIDER\s+CWD\s+TITLE$/);
    expect(lines).toHaveLength(5);
    expect(stdout).not.toContain('\u001b[');
    const titleColumn = lines[0]!.indexOf('TITLE');
    expect(lines.slice(1).map((line) => line.slice(titleColumn))).toEqual([
      'Summarise the changelog',
      'deploy notes',
      'deploy notes',
      'CI failure',
    ]);
    expect(stdout).toContain('yesterday');
  });

  it('colours only when asked by FORCE_COLOR and never with NO_COLOR', async () => {
    expect((await run(['list'], { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await run(['list'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('show', () => {
  it('finds a thread by name and renders the conversation with tool output folded', async () => {
    const { code, stdout } = await run(['show', 'CI failure']);
    expect(code).toBe(0);
    expect(stdout).toContain(ids.tool);
    expect(stdout).toContain('Why does the build fail on CI?');
    expect(stdout).toMatch(/⚙ exec_command\s+npm test/);
    expect(stdout).toContain('line 4');
    expect(stdout).not.toContain('line 5');
    expect(stdout).toContain('3 more lines');
    expect(stdout).toContain('The test in src/a.test.ts fails because the fixture moved.');
    expect(stdout).toContain('1,500 total');
  });

  it('--full unfolds tool output', async () => {
    const { stdout } = await run(['show', ids.tool!, '--full']);
    expect(stdout).toContain('FAIL src/a.test.ts');
    expect(stdout).not.toContain('more lines');
  });

  it('matches a name ignoring case when nothing matches exactly', async () => {
    const { code, stdout } = await run(['--json', 'show', 'ci FAILURE']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { thread: { threadId: string } }).thread.threadId).toBe(ids.tool);
  });

  it('refuses an ambiguous name, naming the candidates', async () => {
    const { code, stdout, stderr } = await run(['show', 'deploy notes']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('ambiguous');
    expect(stderr).toContain(ids.first);
    expect(stderr).toContain(ids.second);
  });

  it('reports an unknown id or name on one line with exit code 1', async () => {
    for (const reference of ['0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55', 'no such name']) {
      const { code, stdout, stderr } = await run(['show', reference]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^threads: no thread (with id|named)/);
    }
  });
});

describe('usage errors', () => {
  it.each([
    [['list', '--bogus']],
    [['list', '--limit', '0']],
    [['list', '--sort', 'name']],
    [['frobnicate']],
    [['show']],
    [['export', 'x', '--format', 'pdf']],
    [['--json']],
  ])('%j exits 2 with one line on stderr', async (argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    if (argv.length > 1 || argv[0] !== '--json') expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/threads/);
  });

  it('--help and --version exit 0 on stdout', async () => {
    const help = await run(['list', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('every');
    expect(help.stdout).toContain('--provider');
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).not.toBe('');
  });

  it('reports a missing home on one line with exit code 1', async () => {
    const io = await runOn(store, '/nonexistent/codex-home', ['list']);
    expect(io.code).toBe(1);
    expect(io.stderr).toBe('threads: no Codex home at /nonexistent/codex-home (set --home or CODEX_HOME)\n');
  });
});

describe('search', () => {
  it('finds threads by their words with a snippet', async () => {
    const { code, stdout } = await run(['--json', 'search', 'changelog']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { results: { thread: { threadId: string }; snippet: string }[] };
    expect(parsed.results.map((r) => r.thread.threadId)).toEqual([ids.exec]);
    expect(parsed.results[0]!.snippet.toLowerCase()).toContain('changelog');
  });

  it('says so when nothing matches', async () => {
    const { code, stdout } = await run(['search', 'kubernetes']);
    expect(code).toBe(0);
    expect(stdout).toBe('No threads match "kubernetes".\n');
  });
});

describe('export', () => {
  it('writes Markdown with the conversation and folded tool output', async () => {
    const { code, stdout } = await run(['export', ids.tool!]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# CI failure\n/);
    expect(stdout).toContain('## Turn 1');
    expect(stdout).toContain('**User**\n\nWhy does the build fail on CI?');
    expect(stdout).toContain('<details>');
    expect(stdout).toContain('FAIL src/a.test.ts');
  });

  it('writes JSON with every history item, and JSON Lines one item per line', async () => {
    const json = JSON.parse((await run(['export', ids.tool!, '--format', 'json'])).stdout) as {
      thread: { threadId: string };
      items: { type: string }[];
    };
    expect(json.thread.threadId).toBe(ids.tool);
    expect(json.items[0]!.type).toBe('session_meta');
    const lines = (await run(['export', ids.tool!, '--format', 'jsonl'])).stdout.trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(json.items.map((i) => i.type));
  });
});

describe('changes', () => {
  it('renames, archives, unarchives and deletes, reporting each', async () => {
    const { store: own, ids: mine } = await seededStore();
    const go = (argv: string[], options?: Parameters<typeof runOn>[3]) => runOn(own, home.path, argv, options);

    const renamed = await go(['rename', mine.exec!, '  changelog summary  ']);
    expect(renamed).toMatchObject({ code: 0, stdout: `Renamed ${mine.exec} to "changelog summary".\n` });
    expect((await own.readThread({ threadId: mine.exec! })).name).toBe('changelog summary');

    expect((await go(['archive', 'changelog summary'])).stdout).toBe(
      `Archived ${mine.exec} (changelog summary).\n`,
    );
    expect((await own.readThread({ threadId: mine.exec!, includeArchived: true })).archivedAt).not.toBeNull();
    expect((await go(['archive', mine.exec!])).stdout).toBe(`${mine.exec} is already archived.\n`);
    const archivedList = JSON.parse((await go(['--json', 'list', '--archived'])).stdout) as { threads: { threadId: string }[] };
    expect(archivedList.threads.map((t) => t.threadId)).toEqual([mine.exec]);

    const unarchived = JSON.parse((await go(['--json', 'unarchive', mine.exec!])).stdout) as {
      thread: { archivedAt: string | null };
      changed: boolean;
    };
    expect(unarchived).toMatchObject({ thread: { archivedAt: null }, changed: true });

    const refused = await go(['delete', mine.exec!]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await own.readThread({ threadId: mine.exec! })).threadId).toBe(mine.exec);

    const declined = await go(['delete', mine.exec!], { stdinTTY: true, input: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('nothing deleted');
    expect((await own.readThread({ threadId: mine.exec! })).threadId).toBe(mine.exec);

    const confirmed = await go(['delete', mine.exec!], { stdinTTY: true, input: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(`Deleted ${mine.exec}`);
    await expect(own.readThread({ threadId: mine.exec!, includeArchived: true })).rejects.toThrow(/not found/);

    expect((await go(['delete', '--yes', mine.first!])).code).toBe(0);
    await expect(own.readThread({ threadId: mine.first! })).rejects.toThrow(/not found/);
  });

  it('refuses an empty name before changing anything', async () => {
    const { code, stderr } = await run(['rename', ids.tool!, '   ']);
    expect(code).toBe(2);
    expect(stderr).toBe('threads: the new name must not be empty\n');
    expect((await store.readThread({ threadId: ids.tool! })).name).toBe('CI failure');
  });
});

describe('stats', () => {
  it('counts threads per source, provider and month', async () => {
    const { code, stdout } = await run(['--json', 'stats']);
    expect(code).toBe(0);
    const stats = JSON.parse(stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({
      threads: 4,
      active: 4,
      archived: 0,
      tokens: 1500,
      bySource: [
        { source: 'cli', threads: 3 },
        { source: 'exec', threads: 1 },
      ],
      byProvider: [
        { provider: 'openai', threads: 3 },
        { provider: 'ollama', threads: 1 },
      ],
      byMonth: [{ month: '2026-11', threads: 4 }],
    });
  });
});
