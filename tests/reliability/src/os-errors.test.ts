import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildScript, spawnScript } from './support/child-process';
import type { CallReport } from './support/error-report';

const NOBODY = 65534;
const runningAsRoot = process.getuid?.() === 0;

function expectRefusedBy(call: CallReport, errno: string, what: string): void {
  expect(call.ok, `${what} should have failed`).toBe(false);
  if (call.ok) return;
  expect(call.code, `${what}: ${call.message}`).toBe('internal');
  expect(call.causeCodes, `${what}: ${call.message}`).toContain(errno);
}

async function runScenario(script: string, args: string[], options: Parameters<typeof spawnScript>[2]) {
  const built = await buildScript(script);
  try {
    const child = spawnScript(built, args, options);
    const line = await child.waitFor('report ', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${child.stderr()}`);
    });
    expect((await child.exited).code).toBe(0);
    return JSON.parse(line.slice('report '.length)) as Record<string, unknown>;
  } finally {
    built.remove();
  }
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name), uid);
    else chownSync(join(path, entry.name), uid, uid);
  }
}

describe('writes the OS refuses', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  describe('ENOSPC (a full 1 MiB tmpfs)', () => {
    let report: Record<string, unknown>;
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'threadkit-enospc-'));
      try {
        // A private mount namespace: the tmpfs exists for the scenario process only and vanishes with it.
        const unshare = runningAsRoot
          ? ['unshare', '--mount', '--propagation', 'private']
          : ['unshare', '--user', '--map-root-user', '--mount', '--propagation', 'private'];
        report = await runScenario('enospc-scenario', [dir], {
          wrapper: [...unshare, 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs "$0" && exec "$@"', dir],
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);

    const refusals = () =>
      (['append', 'flush', 'shutdown', 'rename', 'createAndFlush'] as const)
        .map((what) => [what, report[what] as CallReport] as const)
        .filter(([, call]) => !call.ok);

    it('surfaces as internal, naming ENOSPC where the disk first refused', () => {
      expect(report.fill).toBe('ENOSPC');
      // Appends resolve once the bytes reach the OS: 100 KB on a full disk is refused there.
      expectRefusedBy(report.append as CallReport, 'ENOSPC', 'append');
      expectRefusedBy(report.createAndFlush as CallReport, 'ENOSPC', 'creating and flushing a new thread');
      for (const [what, call] of refusals()) expect(call.ok ? 'ok' : call.code, what).toBe('internal');
    });

    it('keeps everything flushed before the disk filled, in order, in a file the reader accepts', () => {
      const numbers = report.numbersAfter as number[];
      expect(numbers.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i));
      const rename = report.rename as CallReport;
      expect(report.nameAfter).toEqual(rename.ok ? expect.stringMatching(/^named while full/) : 'named before the disk filled');
      expect(report.listedAfter).toEqual([report.threadId]);
      // A record the disk cut short was truncated away: no partial line is left to skip.
      const skipped = report.skippedAfter as { invalid_json: number; invalid_payload: number; unknown_kind: number; invalid_envelope: number };
      expect(skipped.invalid_json).toBe(0);
      expect(skipped.invalid_payload + skipped.unknown_kind + skipped.invalid_envelope).toBe(0);
    });

    it('names ENOSPC as the cause of every refusal', () => {
      for (const [what, call] of refusals()) expectRefusedBy(call, 'ENOSPC', what);
    });
  });

  it('EACCES (permissions taken away) surfaces as internal with its cause, and earlier data stays intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadkit-eacces-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const home = join(dir, 'home');
    // Root ignores permission bits: the scenario runs as nobody in a home nobody owns.
    let spawnOptions = {};
    if (runningAsRoot) {
      mkdirSync(home);
      chownTree(dir, NOBODY);
      spawnOptions = { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: dir } };
    }
    const report = await runScenario('eacces-scenario', [home], { spawn: spawnOptions });
    expect(report.uid).not.toBe(0);

    expectRefusedBy(report.resumeReadOnlyRollout as CallReport, 'EACCES', 'resume and append to a read-only rollout');
    expectRefusedBy(report.renameReadOnlyIndexFile as CallReport, 'EACCES', 'rename with a read-only session_index.jsonl');
    expectRefusedBy(report.gitPatchReadOnlyRollout as CallReport, 'EACCES', 'git patch of a read-only rollout');
    expectRefusedBy(report.createInReadOnlyDayFolder as CallReport, 'EACCES', 'a new thread in a read-only day folder');
    expectRefusedBy(report.archiveIntoReadOnlyFolder as CallReport, 'EACCES', 'archive into a read-only archived_sessions');

    // Nothing refused left a trace, and nothing written before was lost.
    expect(report.numbersAfter).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.nameAfter).toBe('first name');
    expect(report.branchAfter).toBeNull();
    expect(report.archivedAfter).toBe(false);
    expect(report.listedAfter).toEqual([report.threadId]);
  });
});
