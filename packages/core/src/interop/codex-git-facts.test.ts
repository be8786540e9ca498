import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codexInteropEnabled, ensureCodexCli } from '@threadkit/codex-interop';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CODEX_TEST_TIMEOUT_MS,
  Cleanups,
  INSTALL_TIMEOUT_MS,
  type IndexMode,
  interopDirs,
  openManager,
  recordToolTurn,
  serveHome,
} from './support/interop-home';

const CODEX = '0.142.0';
const REMOTE_WITH_CREDENTIALS = 'https://user:token@example.com/org/repo.git';
const REMOTE = 'https://example.com/org/repo.git';
const BRANCH = 'feature/interop';

/** Runs git in `cwd` with no user or system configuration. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Interop', '-c', 'user.email=interop@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  }).trim();
}

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if ((await stat(path)).isFile()) files.push(path);
  }
  return files;
}

describe.runIf(codexInteropEnabled())(`Codex ${CODEX} reads the git facts ThreadManager records`, () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeAll(() => ensureCodexCli(CODEX), INSTALL_TIMEOUT_MS);

  it.each<IndexMode>(['sqlite', 'none'])(
    'shows the commit, branch and credential-free origin of a fresh repository (index: %s)',
    async (index) => {
      const { home, project } = await interopDirs(cleanups);
      git(project, 'init', '--quiet', `--initial-branch=${BRANCH}`);
      await writeFile(join(project, 'README.md'), 'interop\n');
      git(project, 'add', 'README.md');
      git(project, 'commit', '--quiet', '-m', 'first commit');
      git(project, 'remote', 'add', 'origin', REMOTE_WITH_CREDENTIALS);
      const sha = git(project, 'rev-parse', 'HEAD');
      expect(sha).toMatch(/^[0-9a-f]{40}$/);

      const opened = await openManager(cleanups, home, index, { cwd: project });
      const thread = await opened.manager.startThread();
      await recordToolTurn(thread, 'What changed?', 'One commit.', 1);
      expect((await thread.read()).gitInfo).toEqual({ commitHash: sha, branch: BRANCH, repositoryUrl: REMOTE });
      await opened.close();

      // A fresh store reads the facts back from the files.
      const reader = await openManager(cleanups, home, index, { cwd: project });
      expect((await reader.store.readThread({ threadId: thread.threadId })).gitInfo).toEqual({
        commitHash: sha,
        branch: BRANCH,
        repositoryUrl: REMOTE,
      });
      await reader.close();
      // The credentials were never written into the home.
      for (const file of await filesUnder(home)) {
        expect(await readFile(file, 'latin1'), file).not.toContain('token@');
      }

      const codex = await serveHome(cleanups, CODEX, home);
      const expected = { sha, branch: BRANCH, originUrl: REMOTE };
      const [listed] = await codex.listThreads();
      expect(listed).toMatchObject({ id: thread.threadId, cwd: project, gitInfo: expected });
      expect((await codex.readThread(thread.threadId)).gitInfo).toEqual(expected);
      expect(codex.outboundAttempts()).toEqual([]);
    },
    CODEX_TEST_TIMEOUT_MS,
  );
});
