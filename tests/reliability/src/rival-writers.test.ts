import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { newThreadId } from '@threadkit/protocol';
import { findRolloutPath, readRolloutFile } from '@threadkit/rollout';
import { LocalThreadStore } from '@threadkit/thread-store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BuiltScript, buildScript, highestReported, type LineChild, spawnScript, waitUntil } from './support/child-process';
import { recordNumbers } from './support/records';
import { makeTempRoot, type TempRoot } from './support/temp-root';

function rolloutFilesOf(home: string, threadId: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.includes(threadId)) found.push(join(dir, entry.name));
    }
  };
  walk(join(home, 'sessions'));
  return found;
}

async function stop(writer: LineChild): Promise<void> {
  writer.child.kill('SIGKILL');
  await writer.exited;
}

/** Whole lines only, each from one writer: returns the records of each tag in file order. */
async function recordsByWriter(home: string, threadId: string) {
  const path = (await findRolloutPath(home, threadId))!;
  const file = await readRolloutFile(path);
  const store = await LocalThreadStore.open({ home, index: 'none' });
  const items = (await store.loadHistory({ threadId })).items;
  await store.close();
  const order = items.flatMap((item) => {
    const message = (item.payload as { message?: unknown }).message;
    return typeof message === 'string' && /^[ab] \d+ /.test(message) ? [message[0]!] : [];
  });
  return { file, a: recordNumbers(items, 'a'), b: recordNumbers(items, 'b'), order: order.join('') };
}

describe('two processes writing one thread', () => {
  let writer: BuiltScript;
  let temp: TempRoot;
  beforeAll(async () => {
    writer = await buildScript('store-writer');
  });
  afterAll(() => writer.remove());
  beforeEach(() => {
    temp = makeTempRoot();
  });
  afterEach(() => temp.cleanup());

  it('the second gets conflict while the first writes on, and no line of theirs interleaves', async () => {
    const threadId = newThreadId();
    const first = spawnScript(writer, [temp.home, threadId, '0', 'a']);
    await first.waitFor('flushed');
    const second = spawnScript(writer, [temp.home, threadId, '0', 'b']);
    const refused = await second.waitFor('error');
    expect(refused).toMatch(/^error conflict /);
    expect((await second.exited).code).toBe(3);
    // The first writer never noticed: it keeps appending and flushing.
    const flushedBefore = highestReported(first.lines, 'flushed');
    await waitUntil(() => highestReported(first.lines, 'flushed') > flushedBefore, 'the first writer flushed again');
    await stop(first);

    const { file, a, b } = await recordsByWriter(temp.home, threadId);
    expect(b).toEqual([]);
    expect(a).toEqual(Array.from({ length: a.length }, (_, i) => i));
    expect(a.length - 1).toBeGreaterThanOrEqual(highestReported(first.lines, 'appended'));
    expect(file.skipped.invalid_json).toBe(0);
  });

  it('once the first writer is gone (killed), the second takes over after its last line', async () => {
    const threadId = newThreadId();
    const first = spawnScript(writer, [temp.home, threadId, '0', 'a']);
    await first.waitFor('flushed');
    await stop(first);
    const second = spawnScript(writer, [temp.home, threadId, '0', 'b']);
    await second.waitFor('flushed');
    await stop(second);

    const { a, b, order } = await recordsByWriter(temp.home, threadId);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(order).toMatch(/^a+b+$/);
    expect(a.length - 1).toBeGreaterThanOrEqual(highestReported(first.lines, 'appended'));
  });

  it('started at the same instant on a new thread, exactly one writes and there is one rollout file', async () => {
    for (let race = 0; race < 4; race++) {
      const threadId = newThreadId();
      const writers = [spawnScript(writer, [temp.home, threadId, '0', 'a']), spawnScript(writer, [temp.home, threadId, '0', 'b'])];
      const outcomes = await Promise.all(
        writers.map((writer) =>
          Promise.race([writer.waitFor('flushed').then(() => 'writing'), writer.exited.then(() => writer.lines.find((l) => l.startsWith('error')) ?? 'exited')]).catch(
            (error: Error) => error.message,
          ),
        ),
      );
      // Give the winner time to write more while the loser is refused.
      const winner = outcomes.indexOf('writing');
      expect(winner, `outcomes: ${outcomes.join(' / ')}`).toBeGreaterThanOrEqual(0);
      const loser = writers[1 - winner]!;
      const refusal = outcomes[1 - winner]!;
      if (refusal === 'writing') throw new Error('both writers were allowed to write the same thread');
      expect(refusal).toMatch(/error conflict /);
      await loser.exited;
      await stop(writers[winner]!);

      expect(rolloutFilesOf(temp.home, threadId)).toHaveLength(1);
      const { file, a, b } = await recordsByWriter(temp.home, threadId);
      const written = winner === 0 ? a : b;
      expect(winner === 0 ? b : a).toEqual([]);
      expect(written).toEqual(Array.from({ length: written.length }, (_, i) => i));
      expect(file.skipped.invalid_json).toBe(0);
    }
  });
});
