import { existsSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { newThreadId } from '@threadkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRolloutPath } from './find';
import { readRolloutFile } from './reader';
import { RolloutRecorder } from './recorder';
import { bundleWriterProcess, spawnWriter } from './testing/child-process';
import { tempDir } from './testing/homes';
import { writerLockPath } from './home';

/** Highest n among `<prefix> <n>` lines, or -1. */
function highest(lines: string[], prefix: string): number {
  let max = -1;
  for (const line of lines) if (line.startsWith(`${prefix} `)) max = Math.max(max, Number(line.slice(prefix.length + 1)));
  return max;
}

function seqOf(payload: unknown): number {
  return Number(String((payload as { message: string }).message).split(' ')[1]);
}

describe('writers in other processes', () => {
  let work: string;
  let cleanup: () => void;
  let script: string;
  beforeAll(async () => {
    ({ dir: work, cleanup } = tempDir());
    script = await bundleWriterProcess(work);
  });
  afterAll(() => cleanup());

  /** Starts a writer on the thread, kills it mid-append, and checks the file. Returns the next sequence number. */
  async function killAndCheck(home: string, id: string, nextSeq: number, round: number): Promise<number> {
    const writer = spawnWriter(script, ['append', home, id, String(nextSeq)]);
    await writer.waitFor('ready');
    await writer.waitFor('flushed');
    await sleep(Math.floor(Math.random() * 15));
    writer.child.kill('SIGKILL');
    const { signal } = await writer.exited;
    expect(signal).toBe('SIGKILL');

    const written = highest(writer.lines, 'written');
    const flushed = highest(writer.lines, 'flushed');
    expect(flushed).toBeGreaterThanOrEqual(nextSeq);
    const file = await readRolloutFile((await findRolloutPath(home, id))!);
    expect(file.threadId).toBe(id);
    const seqs = file.lines.filter((l) => l.type === 'event_msg').map((l) => seqOf(l.payload));
    // Every record ever reported, in order, once each, and nothing but whole records.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
    expect(seqs.length - 1).toBeGreaterThanOrEqual(Math.max(written, flushed));
    expect(file.skipped.invalid_payload + file.skipped.unknown_kind + file.skipped.legacy_format).toBe(0);
    // Torn tails (if a kill ever lands inside a write) stay as single unreadable lines.
    expect(file.skipped.invalid_json).toBeLessThanOrEqual(round + 1);
    return seqs.length;
  }

  it('never lose a written or flushed record when killed with SIGKILL mid-append (20 kills)', async () => {
    const { dir: home, cleanup: done } = tempDir();
    try {
      // Two threads side by side, ten kills each: 20 kills in the time of ten process starts.
      const kills = await Promise.all(
        [newThreadId(), newThreadId()].map(async (id) => {
          let nextSeq = 0;
          for (let round = 0; round < 10; round++) nextSeq = await killAndCheck(home, id, nextSeq, round);
          return 10;
        }),
      );
      expect(kills.reduce((a, b) => a + b)).toBe(20);
    } finally {
      done();
    }
  }, 60_000);

  it('report a write the OS refuses as io with its cause, dropping its records and keeping every record before it', async () => {
    const { dir: home, cleanup: done } = tempDir();
    try {
      const id = newThreadId();
      const writer = spawnWriter(script, ['fill', home, id], { fileSizeBlocks: 16 });
      await writer.waitFor('ready');
      expect(await writer.waitFor('failed')).toBe('failed io EFBIG');
      // The refused append's records were dropped, not kept for a retry: the flush has nothing left to write.
      expect(await writer.waitFor('flush')).toBe('flush ok');
      expect((await writer.exited).code).toBe(0);
      const written = highest(writer.lines, 'written');
      expect(written).toBeGreaterThan(0);
      const file = await readRolloutFile((await findRolloutPath(home, id))!);
      const seqs = file.lines.filter((l) => l.type === 'event_msg').map((l) => seqOf(l.payload));
      // Exactly the records whose append resolved, and no partial line: the cut record was truncated away.
      expect(seqs).toEqual(Array.from({ length: written + 1 }, (_, i) => i % 7));
      expect(file.skipped.invalid_json).toBe(0);
      expect(readFileSync(file.actualPath, 'utf8').endsWith('\n')).toBe(true);
      expect(statSync(file.actualPath).size).toBeLessThanOrEqual(16 * 512);
    } finally {
      done();
    }
  }, 30_000);

  it('give the second process to open a thread a conflict, and recover the lock of one that died', async () => {
    const { dir: home, cleanup: done } = tempDir();
    try {
      const id = newThreadId();
      const holder = spawnWriter(script, ['hold', home, id]);
      await holder.waitFor('ready');

      const second = spawnWriter(script, ['hold', home, id]);
      expect(await second.waitFor('error')).toMatch(/^error conflict thread .* already has an active writer/);
      expect((await second.exited).code).toBe(1);
      await expect(RolloutRecorder.resume({ home, threadId: id })).rejects.toMatchObject({ code: 'conflict' });

      holder.child.kill('SIGKILL');
      await holder.exited;
      expect(existsSync(writerLockPath(home, id))).toBe(true);
      const recovered = await RolloutRecorder.resume({ home, threadId: id });
      await recovered.shutdown();

      const polite = spawnWriter(script, ['hold', home, id]);
      await polite.waitFor('ready');
      polite.child.stdin!.end();
      expect((await polite.exited).code).toBe(0);
      expect(existsSync(writerLockPath(home, id))).toBe(false);
    } finally {
      done();
    }
  }, 30_000);
});
