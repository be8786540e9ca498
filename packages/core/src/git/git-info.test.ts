import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectGitInfo } from './git-info';
import { sanitizeRepositoryUrl } from './repository-url';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'threadkit-git-'));
  dirs.push(dir);
  return dir;
}
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();

function repoWithCommit(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'first');
  return dir;
}

describe('collectGitInfo', () => {
  it('reads commit, branch and origin (without credentials) from a subdirectory of a repository', async () => {
    const dir = repoWithCommit();
    git(dir, 'remote', 'add', 'origin', 'https://user:s3cret@example.com/org/repo.git');
    mkdirSync(join(dir, 'src/deep'), { recursive: true });
    const info = await collectGitInfo(join(dir, 'src/deep'));
    expect(info).toEqual({
      commit_hash: git(dir, 'rev-parse', 'HEAD'),
      branch: 'main',
      repository_url: 'https://example.com/org/repo.git',
    });
  });

  it('resolves packed refs and detached heads', async () => {
    const dir = repoWithCommit();
    const sha = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'pack-refs', '--all');
    expect(await collectGitInfo(dir)).toEqual({ commit_hash: sha, branch: 'main' });
    git(dir, 'checkout', '-q', '--detach');
    expect(await collectGitInfo(dir)).toEqual({ commit_hash: sha });
  });

  it('follows a linked worktree to the shared refs and config', async () => {
    const dir = repoWithCommit();
    git(dir, 'remote', 'add', 'origin', 'git@example.com:org/repo.git');
    const wt = join(tempDir(), 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'feature', wt);
    expect(await collectGitInfo(wt)).toEqual({
      commit_hash: git(dir, 'rev-parse', 'HEAD'),
      branch: 'feature',
      repository_url: 'git@example.com:org/repo.git',
    });
  });

  it('reports the branch of a repository with no commit yet', async () => {
    const dir = tempDir();
    git(dir, 'init', '-q', '-b', 'trunk');
    expect(await collectGitInfo(dir)).toEqual({ branch: 'trunk' });
  });

  it('returns undefined outside any repository and for a missing directory', async () => {
    expect(await collectGitInfo(tempDir())).toBeUndefined();
    expect(await collectGitInfo(join(tempDir(), 'does-not-exist'))).toBeUndefined();
  });
});

describe('sanitizeRepositoryUrl', () => {
  it.each([
    ['https://user:token@host/x', 'https://host/x'],
    ['https://token@github.com/o/r.git', 'https://github.com/o/r.git'],
    ['http://host/x', 'http://host/x'],
    ['ssh://git@host/x.git', 'ssh://git@host/x.git'],
    ['ssh://git:pw@host/x.git', 'ssh://host/x.git'],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizeRepositoryUrl(input)).toBe(expected);
  });
});
