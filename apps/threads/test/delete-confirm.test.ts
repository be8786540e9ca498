import { codexFixture, copyCodexHome } from '@threadkit/codex-interop';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree } from './support/home-hash';
import { threadsInTerminal } from './support/terminal';
import { runThreads } from './support/threads-binary';

const fixture = codexFixture('0.142.0');
const THREAD = '01a1fda6-3cc1-7d42-b07d-b99519538a7a';

describe('threads delete on a terminal', () => {
  let home: { path: string; remove: () => Promise<void> };

  beforeEach(async () => {
    home = await copyCodexHome(fixture.home);
  });
  afterEach(async () => {
    await home.remove();
  });

  const listedIds = async () =>
    (JSON.parse((await runThreads(['--home', home.path, '--json', 'list'])).stdout) as { threads: { threadId: string }[] }).threads.map(
      (t) => t.threadId,
    );

  it('asks, and deletes on "y"', async () => {
    const { status, text: screen } = threadsInTerminal(['--home', home.path, 'delete', THREAD], 'y\n');
    expect(screen).toContain(`Delete thread ${THREAD} (session 8: please summarise the plan)? This cannot be undone. [y/N]`);
    expect(screen).toContain(`Deleted ${THREAD}`);
    expect(status).toBe(0);
    expect(await listedIds()).not.toContain(THREAD);
  });

  it('keeps the thread, and the home byte for byte, on any other answer', async () => {
    const before = await hashTree(home.path);
    const { status, text: screen } = threadsInTerminal(['--home', home.path, 'delete', THREAD], 'n\n');
    expect(screen).toContain('[y/N]');
    expect(screen).toContain('threads: nothing deleted');
    expect(status).toBe(1);
    expect(await hashTree(home.path)).toBe(before);
    expect(await listedIds()).toContain(THREAD);
  });
});
