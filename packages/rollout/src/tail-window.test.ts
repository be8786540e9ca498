import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRolloutHead } from './head';
import type { ObservedRecord } from './metadata';
import { existingRolloutFile } from './resolve-file';
import { tempDir } from './testing/homes';
import { line } from './testing/synthetic';
import { zstdStoredFrame } from './testing/zstd';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const T = new Date('2026-01-02T03:04:05.000Z');
const META = line(T, 'session_meta', { id: ID, timestamp: T.toISOString(), cwd: '/w', originator: 'o', cli_version: '1', source: 'cli' });
const USER = line(T, 'event_msg', { type: 'user_message', message: 'hello', images: [], local_images: [], text_elements: [] });
const turnContext = (model: string) =>
  line(T, 'turn_context', { cwd: '/w', approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model, summary: 'auto' });
const tokenCount = (total: number) =>
  line(T, 'event_msg', { type: 'token_count', info: { total_token_usage: { total_tokens: total } } });
const agent = (text: string) => line(T, 'event_msg', { type: 'agent_message', message: text });

describe('reading a rollout’s head and tail window in one pass', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function rollout(lines: string[], name = `rollout-2026-01-02T03-04-05-${ID}.jsonl`): string {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  it('returns the late-fact records of the window only, in file order', async () => {
    const filler = Array.from({ length: 400 }, (_, i) => agent(`${'x'.repeat(200)} ${i}`));
    const path = rollout([META, USER, turnContext('early'), ...filler, turnContext('late'), agent('done'), tokenCount(42)]);
    const head = await readRolloutHead(path, { tailWindowBytes: 4096 });
    expect(head.metadata?.preview).toBe('hello');
    expect(head.tailRecords.map((r) => r.type)).toEqual(['turn_context', 'event_msg']);
    expect(head.tailRecords[0]?.payload).toMatchObject({ model: 'late' });
    expect(head.tailRecords[1]?.payload).toMatchObject({ type: 'token_count' });
    expect((await readRolloutHead(path)).tailRecords).toEqual([]);
  });

  it('drops the partial first line of the window', async () => {
    const path = rollout([META, USER, turnContext('cut in half')]);
    const lastLine = `${turnContext('cut in half')}\n`;
    const head = await readRolloutHead(path, { tailWindowBytes: Buffer.byteLength(lastLine) - 10 });
    expect(head.tailRecords).toEqual([]);
  });

  it('ends the window at the size a scan saw, so later appends wait for the next pass', async () => {
    const path = rollout([META, USER, turnContext('seen by the scan')]);
    const scanned = await existingRolloutFile(path);
    appendFileSync(path, `${turnContext('appended after the scan')}\n`);
    const head = await readRolloutHead(path, { tailWindowBytes: 64 * 1024, file: scanned });
    const models = head.tailRecords.filter((r) => r.type === 'turn_context').map((r) => (r.payload as { model: string }).model);
    expect(models).toEqual(['seen by the scan']);
  });

  it('reads no tail from a compressed rollout, which cannot be read from its end', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, `rollout-2026-01-02T03-04-05-${ID}.jsonl`);
    writeFileSync(`${path}.zst`, zstdStoredFrame(Buffer.from(`${[META, USER, turnContext('m')].join('\n')}\n`)));
    const head = await readRolloutHead(path, { tailWindowBytes: 64 * 1024 });
    expect(head.actualPath).toBe(`${path}.zst`);
    expect(head.metadata?.preview).toBe('hello');
    expect(head.tailRecords).toEqual([]);
  });

  /**
   * The window read the plain way: its bytes decoded, split on \n, the partial first line dropped,
   * every line naming a late-fact kind near its start parsed, and the late-fact records kept.
   */
  function referenceTail(path: string, windowBytes: number): ObservedRecord[] {
    const bytes = readFileSync(path);
    const start = Math.max(0, bytes.length - windowBytes);
    const lines = bytes.subarray(start).toString('utf8').split('\n');
    if (start > 0) lines.shift();
    const records: ObservedRecord[] = [];
    for (const text of lines) {
      const head = text.slice(0, 240);
      if (!['"session_meta"', '"turn_context"', '"token_count"'].some((marker) => head.includes(marker))) continue;
      let value: { type?: unknown; payload?: { type?: unknown }; timestamp?: unknown } | undefined;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (typeof value?.type !== 'string' || typeof value.timestamp !== 'string' || value.payload === undefined) continue;
      const late =
        value.type === 'session_meta' ||
        value.type === 'turn_context' ||
        (value.type === 'event_msg' && value.payload?.type === 'token_count');
      if (!late) continue;
      records.push({ type: value.type, payload: value.payload, timestamp: value.timestamp });
    }
    return records;
  }

  it('finds the same records as reading the window on its own, whatever the window and the file', async () => {
    // Deterministic variety: long and short lines, multi-byte text, markers quoted deep inside other
    // records, a head that runs on while no preview appears, files larger than one read.
    let seed = 7;
    const random = (n: number) => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const noise = () =>
      [
        agent(`${'é'.repeat(random(300))} mentions "turn_context" late ${'x'.repeat(random(4000))}`),
        agent('"token_count" near the start'),
        line(T, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '"session_meta"' }] }),
        turnContext(`m${random(1000)}`),
        tokenCount(random(100000)),
        agent('ü'.repeat(random(20000))),
        line(T, 'session_meta', { id: ID, timestamp: T.toISOString(), cwd: '/later', originator: 'o', cli_version: '1', source: 'cli' }),
        `{"timestamp":"${T.toISOString()}","type":"turn_context","payload":{"broken":`,
        // Layouts other than the usual envelope order: the kind must still be found.
        `{"type":"turn_context","timestamp":"${T.toISOString()}","payload":{"model":"reordered"}}`,
        `{"timestamp": "${T.toISOString()}", "type": "turn_context", "payload": {"model": "spaced"}}`,
        line(T, 'event_msg', { info: { total_token_usage: { total_tokens: random(9) } }, type: 'token_count' }),
        `{"timestamp":"${T.toISOString()}","ordinal":${random(99)},"type":"turn_context","payload":{"model":"paged"}}`,
        `{"timestamp":"2026-01-02T03:04:05\\u002e000Z","type":"turn_context","payload":{"model":"escaped"}}`,
      ][random(13)]!;
    for (let file = 0; file < 12; file++) {
      const early = random(2) === 0 ? [USER] : [];
      const body = Array.from({ length: 5 + random(file < 6 ? 40 : 400) }, noise);
      const torn = random(3) === 0 ? `{"timestamp":"${T.toISOString()}","type":"turn_context","pay` : '';
      const path = rollout([META, ...early, ...body, USER]);
      if (torn) appendFileSync(path, torn);
      const size = readFileSync(path).length;
      // Windows that start exactly at a line, one byte before and one after, besides round sizes.
      const bytes = readFileSync(path);
      const lineStarts = [0];
      for (let at = bytes.indexOf(10); at !== -1 && at + 1 < size; at = bytes.indexOf(10, at + 1)) lineStarts.push(at + 1);
      const aligned = [1, 2, 3, lineStarts.length >> 1, lineStarts.length - 1].map((i) => size - lineStarts[i % lineStarts.length]!);
      const windows = [1, 100, 4096, 70_000, Math.floor(size / 2), size - 1, size, size + 1000];
      for (const windowBytes of [...windows, ...aligned.flatMap((w) => [w - 1, w, w + 1])].filter((w) => w > 0)) {
        const expected = referenceTail(path, windowBytes);
        // Both ways of reading: looked up (asynchronous reads) and as a scan found it (blocking reads).
        const looked = await readRolloutHead(path, { threadId: ID, tailWindowBytes: windowBytes });
        expect(looked.tailRecords, `file ${file} (${size} bytes), window ${windowBytes}`).toEqual(expected);
        const scanned = await readRolloutHead(path, { threadId: ID, tailWindowBytes: windowBytes, file: await existingRolloutFile(path) });
        expect(scanned.tailRecords, `file ${file} (${size} bytes), window ${windowBytes}, scanned`).toEqual(expected);
        expect(scanned.lines).toEqual(looked.lines);
      }
    }
  });
});
