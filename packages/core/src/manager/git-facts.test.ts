import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testManager, textTurn } from '../test-support/harness';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();

function freshRepository(): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), 'threadkit-core-git-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'feature/x');
  writeFileSync(join(dir, 'README'), 'hi');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'first');
  git(dir, 'remote', 'add', 'origin', 'https://deploy:gh-token-123@example.com/org/repo.git');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD') };
}

describe('git facts of new threads', () => {
  it('records commit, branch and origin without credentials in session_meta and gitInfo', async () => {
    const { dir, sha } = freshRepository();
    const { manager } = testManager({ cwd: dir, collectGit: true });
    const thread = await manager.startThread();
    await textTurn(thread, 'what is here?', 'a repository');

    const [meta] = await thread.persistedItems();
    expect(meta!.type).toBe('session_meta');
    expect((meta!.payload as { git?: unknown }).git).toEqual({
      commit_hash: sha,
      branch: 'feature/x',
      repository_url: 'https://example.com/org/repo.git',
    });
    expect((await thread.read()).gitInfo).toEqual({
      commitHash: sha,
      branch: 'feature/x',
      repositoryUrl: 'https://example.com/org/repo.git',
    });
    expect(JSON.stringify(await thread.persistedItems())).not.toContain('gh-token-123');

    // A fork records the facts of its own cwd.
    const fork = await manager.forkThread({ threadId: thread.threadId });
    expect((await fork.read()).gitInfo?.commitHash).toBe(sha);
  });

  it('records nothing for a directory outside any repository, or when collection is off', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'threadkit-core-plain-'));
    dirs.push(plain);
    const { manager } = testManager({ cwd: plain, collectGit: true });
    const outside = await manager.startThread();
    await textTurn(outside, 'hello', 'hi');
    expect((await outside.persistedItems())[0]!.payload).not.toHaveProperty('git');
    expect((await outside.read()).gitInfo).toBeNull();

    const { dir } = freshRepository();
    const off = await manager.startThread({ cwd: dir, collectGit: false });
    await textTurn(off, 'hello', 'hi');
    expect((await off.read()).gitInfo).toBeNull();
  });
});
