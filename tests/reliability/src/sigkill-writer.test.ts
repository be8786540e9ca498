import { appendFileSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { newThreadId } from '@threadkit/protocol';
import { findRolloutPath, readRolloutFile } from '@threadkit/rollout';
import { LocalThreadStore } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltScript, buildScript, highestReported, spawnScript } from './support/child-process';
import { numberedRecord, recordNumbers } from './support/records';
import { makeTempRoot, type TempRoot } from './support/temp-root';

/** 50 kills by default; `THREADKIT_SOAK=1` (pnpm test:soak) makes it 200. */
const KILLS = process.env.THREADKIT_SOAK === '1' ? 200 : 50;
/** Threads written side by side, each in its own home: two kills in the time of one process start. */
const LANES = 2;

interface LaneReport {
  kills: number;
  records: number;
  tornLines: number;
  tornTailsMade: number;
}

/**
 * SIGKILL only rarely splits a write(2) (between the pages of a large one),
 * so torn tails (what a power cut or a full disk leaves) are also made by
 * hand: the start of a record that was never acknowledged, without its newline.
 */
function appendTornTail(path: string, seq: number): boolean {
  // Only after a whole line: two torn tails in a row would be one torn line.
  if (!readFileSync(path, 'utf8').endsWith('\n')) return false;
  const line = JSON.stringify({ timestamp: new Date().toISOString(), ...numberedRecord(seq, 'torn') });
  appendFileSync(path, line.slice(0, 1 + Math.floor(Math.random() * (line.length - 2))));
  return true;
}

/** Every raw line of the rollout: whole records, or torn tails that stay alone on their line. */
function rawLines(path: string): { whole: number; torn: string[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const torn: string[] = [];
  let whole = 0;
  for (const line of lines) {
    if (line === '') continue;
    try {
      JSON.parse(line);
      whole++;
    } catch {
      torn.push(line);
    }
  }
  return { whole, torn };
}

async function killRepeatedly(script: BuiltScript, home: string, kills: number): Promise<LaneReport> {
  const threadId = newThreadId();
  let next = 0;
  let tornLines = 0;
  let tornTailsMade = 0;
  for (let round = 0; round < kills; round++) {
    const writer = spawnScript(script, [home, threadId, String(next), 'seq']);
    await writer.waitFor('ready');
    // The first round must leave a thread behind; later kills may land anywhere, even before any append.
    if (round === 0) await writer.waitFor('flushed');
    await sleep(Math.floor(Math.random() * 40));
    writer.child.kill('SIGKILL');
    const { signal } = await writer.exited;
    expect(signal, `writer died on its own: ${writer.lines.filter((l) => l.startsWith('error')).join(' ')} ${writer.stderr()}`).toBe('SIGKILL');
    const acknowledged = Math.max(highestReported(writer.lines, 'appended'), highestReported(writer.lines, 'flushed'));

    const store = await LocalThreadStore.open({ home, index: 'none' });
    const history = await store.loadHistory({ threadId });
    await store.close();
    const numbers = recordNumbers(history.items);
    // Every record ever acknowledged, in order, once each, and nothing but whole records.
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i));
    expect(numbers.length - 1).toBeGreaterThanOrEqual(acknowledged);

    const path = (await findRolloutPath(home, threadId))!;
    const file = await readRolloutFile(path);
    const { torn } = rawLines(path);
    // A torn tail never swallows the record written after it on resume.
    for (const line of torn) expect(line.indexOf('{"timestamp"', 1), 'a record was appended onto a torn line').toBe(-1);
    expect(file.skipped.invalid_json).toBe(torn.length);
    expect(file.skipped.invalid_payload + file.skipped.unknown_kind + file.skipped.legacy_format + file.skipped.invalid_envelope).toBe(0);
    // The torn tails made by hand, plus any a kill left.
    expect(torn.length).toBeGreaterThanOrEqual(tornTailsMade);
    tornLines = torn.length;
    next = numbers.length;
    if (round % 3 === 1 && round < kills - 1 && appendTornTail(path, next)) tornTailsMade++;
  }
  return { kills, records: next, tornLines, tornTailsMade };
}

describe(`a LocalThreadStore writer killed with SIGKILL at random points (${KILLS} kills)`, () => {
  let roots: TempRoot[];
  let writer: BuiltScript;
  beforeAll(async () => {
    roots = Array.from({ length: LANES }, () => makeTempRoot());
    writer = await buildScript('store-writer');
  });
  afterAll(() => {
    for (const root of roots) root.cleanup();
    writer.remove();
  });

  it('never loses an acknowledged record, keeps every file readable and resumes on a fresh line', async () => {
    const reports = await Promise.all(roots.map((root) => killRepeatedly(writer, root.home, KILLS / LANES)));
    expect(reports.reduce((sum, report) => sum + report.kills, 0)).toBe(KILLS);
    for (const report of reports) {
      expect(report.records).toBeGreaterThan(report.kills);
      // Torn tails were there, and each stayed alone on its line (never read as a record).
      expect(report.tornTailsMade).toBeGreaterThan(0);
      expect(report.tornLines).toBeGreaterThanOrEqual(report.tornTailsMade);
    }

    // After all the kills the thread is still an ordinary thread: listed, read, resumed.
    for (const root of roots) {
      const store = await LocalThreadStore.open({ home: root.home, index: 'sqlite' });
      const page = await store.listThreads({ pageSize: 10, modelProviders: [] });
      expect(page.items).toHaveLength(1);
      const threadId = page.items[0]!.threadId;
      const before = recordNumbers((await store.loadHistory({ threadId })).items).length;
      await store.resumeThread({ threadId });
      await store.appendItems({
        threadId,
        items: [{ type: 'event_msg', payload: { type: 'agent_message', message: `seq ${before} after the kills` } }] as never,
      });
      await store.shutdownThread(threadId);
      const after = recordNumbers((await store.loadHistory({ threadId })).items);
      expect(after).toEqual(Array.from({ length: before + 1 }, (_, i) => i));
      await store.close();
    }
  }, 600_000);
});
