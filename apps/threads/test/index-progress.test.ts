import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { codexFixture, copyCodexHome } from '@threadkit/codex-interop';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadsInTerminal } from './support/terminal';
import { runThreads } from './support/threads-binary';

const fixture = codexFixture('0.142.0');
const ROLLOUTS = fixture.expected.active.length + fixture.expected.archived.length;

describe('threads index', () => {
  let home: { path: string; remove: () => Promise<void> };

  beforeEach(async () => {
    home = await copyCodexHome(fixture.home);
  });
  afterEach(async () => {
    await home.remove();
  });

  it('draws a progress bar on a terminal', () => {
    const { status, screen } = threadsInTerminal(['--home', home.path, 'index']);
    expect(status).toBe(0);
    expect(screen).toMatch(/Indexing [█░]+ 100% \| 10\/10 rollouts/);
    expect(screen).toContain('\r'); // redrawn in place
    expect(screen).toContain(`Built the index of ${home.path}: ${ROLLOUTS} rollouts, ${ROLLOUTS} read into the index`);
    expect(existsSync(join(home.path, 'threadkit-state-1.sqlite'))).toBe(true);
  });

  it('prints plain progress lines in a pipe, and the result on stdout', async () => {
    const { code, stdout, stderr } = await runThreads(['--home', home.path, 'index']);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/[\r\u001b]/);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`scanned ${ROLLOUTS}/${ROLLOUTS} rollouts (100%)`);
    expect(lines.at(-1)).toBe(`indexed ${ROLLOUTS}/${ROLLOUTS} rollouts (100%)`);
    for (const line of lines) expect(line).toMatch(/^(scanned|indexed) \d+\/\d+ rollouts \(\d+%\)$/);
    expect(stdout).toMatch(/^Built the index of .*: 10 rollouts, 10 read into the index \(\d+\.\d s\)\.\n$/);
  });

  it('updates an existing index without reading unchanged rollouts, and rebuilds it on request', async () => {
    expect((await runThreads(['--home', home.path, 'index'])).code).toBe(0);
    const again = await runThreads(['--home', home.path, '--json', 'index']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rollouts: ROLLOUTS, indexed: 0, rebuilt: false });
    const rebuilt = await runThreads(['--home', home.path, '--json', 'index', '--rebuild']);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ rollouts: ROLLOUTS, indexed: ROLLOUTS, rebuilt: true });
  });

  it('lists the same threads from the index as from the files', async () => {
    const before = await runThreads(['--home', home.path, '--json', 'list', '--limit', '100']);
    expect((await runThreads(['--home', home.path, 'index'])).code).toBe(0);
    const after = await runThreads(['--home', home.path, '--json', 'list', '--limit', '100']);
    const pick = (stdout: string) =>
      (JSON.parse(stdout) as { threads: { threadId: string; name: string | null; preview: string }[] }).threads.map(
        (t) => [t.threadId, t.name, t.preview],
      );
    expect(pick(after.stdout)).toEqual(pick(before.stdout));
  });
});
