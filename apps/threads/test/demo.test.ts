import { spawnSync } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { codexInteropEnabled, ensureCodexCli, makeTempDir, startCodexAppServer } from '@threadkit/codex-interop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runThreads } from './support/threads-binary';

describe('the Quick start demo (scripts/demo.mjs)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let home: string;
  let output: string;

  beforeAll(async () => {
    dir = await makeTempDir('threads-demo-');
    home = join(dir.path, 'home');
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/demo.mjs')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, THREADS_DEMO_HOME: home },
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    output = run.stdout;
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('prints a table of the threads it recorded', () => {
    const table = output.slice(output.indexOf('$ threads list'));
    expect(table).toMatch(/\nID\s+CREATED\s+SOURCE\s+PROVIDER\s+CWD\s+TITLE\n/);
    for (const title of ['release notes 2.4', 'flaky checkout test', 'How should I add a dark mode', "Summarise yesterday's"]) {
      expect(table).toContain(title);
    }
    expect(table).toMatch(/exec\s+ollama/);
  });

  it('shows one thread as a readable conversation', () => {
    const shown = output.slice(output.indexOf('$ threads show'));
    expect(shown).toContain('── Turn 2 ');
    expect(shown).toContain('⚙ exec_command  npx vitest run src/checkout --repeat 5');
    expect(shown).toContain('more lines (--full shows everything)');
    expect(shown).toContain('Fixed: the discount is no longer rounded on its own');
  });

  it('leaves a home threads can read afresh, with the archived thread in its archive', async () => {
    const active = await runThreads(['--home', home, '--json', 'list']);
    const archived = await runThreads(['--home', home, '--json', 'list', '--archived']);
    expect((JSON.parse(active.stdout) as { threads: unknown[] }).threads).toHaveLength(4);
    expect((JSON.parse(archived.stdout) as { threads: { preview: string }[] }).threads.map((t) => t.preview)).toEqual([
      'Try running the API on Bun and compare the start-up time.',
    ]);
  });

  it.runIf(codexInteropEnabled())(
    'records threads the real Codex 0.142 lists with the same ids, names and previews',
    async () => {
      await ensureCodexCli('0.142.0');
      const ours = JSON.parse((await runThreads(['--home', home, '--json', 'list'])).stdout) as {
        threads: { threadId: string; name: string | null; preview: string }[];
      };
      // Codex writes its own files into the home it serves: it gets a copy.
      const copy = join(dir.path, 'codex-copy');
      await cp(home, copy, { recursive: true });
      const codex = await startCodexAppServer({ version: '0.142.0', codexHome: copy });
      try {
        const theirs = await codex.listThreads();
        const pick = (t: { id: string; name: string | null; preview: string }) => [t.id, t.name, t.preview];
        expect(theirs.map(pick).sort()).toEqual(
          ours.threads.map((t) => pick({ id: t.threadId, name: t.name, preview: t.preview })).sort(),
        );
      } finally {
        await codex.close();
      }
    },
    10 * 60_000,
  );
});
