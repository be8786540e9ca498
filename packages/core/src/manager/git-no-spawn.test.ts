import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { testManager, textTurn } from '../test-support/harness';

// Every way to start a process, recorded: creating threads must use none of them.
const spawned = vi.hoisted(() => [] as string[]);
vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  const recorded: Record<string, unknown> = { ...actual };
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    const original = actual[name] as (...args: unknown[]) => unknown;
    recorded[name] = (...args: unknown[]) => {
      spawned.push(`${name} ${String(args[0])}`);
      return original(...args);
    };
  }
  return recorded;
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('threads in directories that are not repositories', () => {
  it('never start a git process', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'threadkit-core-nogit-'));
    dirs.push(plain);
    const { manager } = testManager({ cwd: plain, collectGit: true });
    const thread = await manager.startThread();
    await textTurn(thread, 'hello', 'hi');
    await manager.forkThread({ threadId: thread.threadId });
    await manager.startThread({ cwd: join(plain, 'missing', 'dir') });
    expect((await thread.read()).gitInfo).toBeNull();
    expect(spawned).toEqual([]);
  });

  it('would notice a spawned process', async () => {
    const before = spawned.length;
    const { execFileSync } = await import('node:child_process');
    execFileSync('true');
    expect(spawned.slice(before)).toEqual(['execFileSync true']);
  });
});
