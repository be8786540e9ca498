import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeRolloutLine, type UnknownRolloutLine } from '@threadkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRolloutError } from './errors';
import { findRolloutPath } from './find';
import { readRolloutHead } from './head';
import { type ReadLine, RolloutReader, readRolloutFile, totalSkipped } from './reader';
import { readRolloutTail } from './tail';
import { copyFixtureHome, readExpected, tempDir } from './testing/homes';
import { line } from './testing/synthetic';
import { COMPRESSED_ROLLOUT_BASE64, zstdStoredFrame } from './testing/zstd';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const T = new Date('2026-01-02T03:04:05.000Z');
const META = line(T, 'session_meta', { id: ID, timestamp: T.toISOString(), cwd: '/w', originator: 'o', cli_version: '1', source: 'cli' });

function eventTexts(lines: ReadLine[]): Array<{ type: string; text: string }> {
  const out: Array<{ type: string; text: string }> = [];
  for (const l of lines) {
    if (l.type !== 'event_msg') continue;
    const p = l.payload as { type: string; message?: string };
    if (p.type === 'user_message') out.push({ type: 'userMessage', text: p.message! });
    if (p.type === 'agent_message') out.push({ type: 'agentMessage', text: p.message! });
  }
  return out;
}

describe('reading the Codex 0.142 fixture threads', () => {
  const expected = readExpected('0.142');
  let home: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ home, cleanup } = copyFixtureHome('0.142'));
  });
  afterAll(() => cleanup());

  it('gives the same user and agent message texts as Codex thread/read', async () => {
    const ids = Object.keys(expected.reads);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const path = await findRolloutPath(home, id, { includeArchived: true });
      expect(path).toBeDefined();
      const file = await readRolloutFile(path!);
      expect(file.threadId).toBe(id);
      expect(file.historyMode).toBe('legacy');
      expect(totalSkipped(file.skipped)).toBe(0);
      const want = expected.reads[id]!.turns.flatMap((turn) =>
        turn.items.filter((item) => item.type === 'userMessage' || item.type === 'agentMessage'),
      );
      expect(eventTexts(file.lines)).toEqual(want);
    }
  });
});

describe('lenient reading', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterAll(() => cleanup());

  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('skips and counts blank, broken, legacy, unknown and invalid lines, keeping the rest in order', async () => {
    const user = line(T, 'event_msg', { type: 'user_message', message: 'a\u2028b\u2029c' });
    const future = JSON.stringify({ timestamp: T.toISOString(), type: 'hologram', payload: { x: 1 }, flavour: 'new' });
    const path = write(
      'mixed.jsonl',
      [
        META,
        '',
        '   ',
        '{"timestamp":"2026-01-02T03:04:05.000Z","type":"response_item","payl',
        '{"record_type":"state"}',
        '{"type":"message","role":"user","content":[]}',
        '[1,2]',
        future,
        line(T, 'session_meta', { cwd: '/no-id' }),
        JSON.stringify({ timestamp: 5, type: 'event_msg', payload: { type: 'x' } }),
        line(T, 'response_item', { type: 'ghost_snapshot', ghost_commit: {} }),
        `${user}\r`,
        line(T, 'event_msg', { type: 'agent_message', message: 'done' }),
      ].join('\n'),
    );
    const file = await readRolloutFile(path);
    expect(file.threadId).toBe(ID);
    expect(file.lines.map((l) => l.type)).toEqual(['session_meta', 'event_msg', 'event_msg']);
    expect((file.lines[1]!.payload as { message: string }).message).toBe('a\u2028b\u2029c');
    expect(file.skipped).toMatchObject({
      blank: 2,
      invalid_json: 1,
      legacy_format: 3,
      not_an_object: 1,
      unknown_kind: 1,
      invalid_payload: 1,
      invalid_envelope: 1,
    });

    const withUnknown = await readRolloutFile(path, { includeUnknown: true });
    const kept = withUnknown.lines.find((l) => l.type === 'hologram') as UnknownRolloutLine;
    expect(serializeRolloutLine(kept)).toBe(future);
  });

  it('keeps unknown fields and ordinals of known kinds so a rewrite loses nothing', async () => {
    const withExtra = JSON.stringify({ timestamp: T.toISOString(), type: 'event_msg', payload: { type: 'agent_message', message: 'm', novel: [1] }, sidecar: { a: 1 } });
    const paginated = JSON.stringify({ timestamp: T.toISOString(), ordinal: 7, type: 'event_msg', payload: { type: 'token_count', info: null } });
    const reordered = JSON.stringify({ type: 'event_msg', payload: { type: 'agent_message', message: 'r' }, timestamp: T.toISOString() });
    const path = write('extras.jsonl', [META, withExtra, paginated, reordered].join('\n'));
    const file = await readRolloutFile(path);
    expect(file.lines.slice(1).map((l) => serializeRolloutLine(l))).toEqual([
      withExtra,
      paginated,
      JSON.stringify({ timestamp: T.toISOString(), type: 'event_msg', payload: { type: 'agent_message', message: 'r' } }),
    ]);
    expect(file.lines[2]!.ordinal).toBe(7);
  });

  it('validates every payload on request', async () => {
    const path = write('bad-payload.jsonl', [META, line(T, 'event_msg', { type: 'user_message', message: 42 })].join('\n'));
    expect((await readRolloutFile(path)).lines).toHaveLength(2);
    const strict = await readRolloutFile(path, { validation: 'full' });
    expect(strict.lines).toHaveLength(1);
    expect(strict.skipped.invalid_payload).toBe(1);
  });

  it('reads lines split across many small chunks, and skips lines over the size limit', async () => {
    const long = line(T, 'event_msg', { type: 'agent_message', message: 'é'.repeat(5000) });
    const path = write('chunks.jsonl', `${META}\n${long}\n${line(T, 'event_msg', { type: 'agent_message', message: 'tail' })}\n`);
    const small = await readRolloutFile(path, { chunkSize: 7 });
    expect(small.lines.map((l) => (l.payload as { message?: string }).message)).toEqual([undefined, 'é'.repeat(5000), 'tail']);
    const limited = await readRolloutFile(path, { chunkSize: 64, maxLineBytes: 1000 });
    expect(limited.lines).toHaveLength(2);
    expect(limited.skipped.too_long).toBe(1);
  });

  it('streams a file line by line and in batches', async () => {
    const body = [META, ...Array.from({ length: 500 }, (_, i) => line(T, 'event_msg', { type: 'agent_message', message: `m${i}` }))];
    const path = write('stream.jsonl', `${body.join('\n')}\n`);
    const reader = new RolloutReader(path, { chunkSize: 4096 });
    let count = 0;
    for await (const l of reader) {
      if (count === 0) expect(reader.threadId).toBe(ID);
      count++;
      expect(l.timestamp).toBe(T.toISOString());
    }
    expect(count).toBe(501);
    let batches = 0;
    for await (const batch of new RolloutReader(path, { chunkSize: 4096 }).batches()) batches += batch.length > 0 ? 1 : 0;
    expect(batches).toBeGreaterThan(1);
  });

  it('reads .jsonl.zst files, real compressed and stored, and prefers a plain sibling', async () => {
    const real = write('real.jsonl.zst', Buffer.from(COMPRESSED_ROLLOUT_BASE64, 'base64'));
    const realFile = await readRolloutFile(real);
    expect(realFile.path).toBe(join(dir, 'real.jsonl'));
    expect(realFile.actualPath).toBe(real);
    expect(eventTexts(realFile.lines)).toEqual([
      { type: 'userMessage', text: 'compressed hello' },
      { type: 'agentMessage', text: 'compressed reply' },
    ]);
    // Asking for the plain path finds the compressed file.
    expect((await readRolloutFile(join(dir, 'real.jsonl'))).lines).toHaveLength(3);

    const many = [META, ...Array.from({ length: 3000 }, (_, i) => line(T, 'event_msg', { type: 'agent_message', message: `z${i}` }))];
    const stored = write('stored.jsonl.zst', zstdStoredFrame(Buffer.from(`${many.join('\n')}\n`)));
    const storedFile = await readRolloutFile(stored, { chunkSize: 10_000 });
    expect(storedFile.lines).toHaveLength(3001);
    expect((await readRolloutTail(stored)).lastTimestamp).toBe(T.toISOString());

    write('stored.jsonl', `${META}\n`);
    expect((await readRolloutFile(stored)).lines).toHaveLength(1);
  });

  it('reports a missing file as not_found', async () => {
    await expect(readRolloutFile(join(dir, 'nope.jsonl'))).rejects.toSatisfy((e) => isRolloutError(e, 'not_found'));
  });
});

describe('head and tail reads', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    mkdirSync(dir, { recursive: true });
  });
  afterAll(() => cleanup());

  const filler = (n: number) => Array.from({ length: n }, () => line(T, 'event_msg', { type: 'token_count', info: null }));
  const user = (text: string) => line(T, 'event_msg', { type: 'user_message', message: text });

  it('reads 10 lines when the preview is early, and stops there', async () => {
    const path = join(dir, 'early.jsonl');
    writeFileSync(path, [META, user('first'), ...filler(1000)].join('\n'));
    const head = await readRolloutHead(path);
    expect(head.listable).toBe(true);
    expect(head.metadata?.preview).toBe('first');
    expect(head.linesScanned).toBe(10);
  });

  it('extends to 210 lines while no preview has appeared, no further', async () => {
    const late = join(dir, 'late.jsonl');
    writeFileSync(late, [META, ...filler(150), user('late one'), ...filler(500)].join('\n'));
    const head = await readRolloutHead(late);
    expect(head.metadata?.preview).toBe('late one');
    expect(head.linesScanned).toBe(152);

    const tooLate = join(dir, 'too-late.jsonl');
    writeFileSync(tooLate, [META, ...filler(300), user('never seen')].join('\n'));
    const missed = await readRolloutHead(tooLate);
    expect(missed.listable).toBe(false);
    expect(missed.linesScanned).toBe(210);

    const noMeta = join(dir, 'no-meta.jsonl');
    writeFileSync(noMeta, [...filler(30), META, user('x')].join('\n'));
    expect((await readRolloutHead(noMeta)).linesScanned).toBe(10);
  });

  it('finds the last record time from the end, passing over a torn tail', async () => {
    const path = join(dir, 'tail.jsonl');
    const lastTime = new Date('2026-05-06T07:08:09.010Z');
    writeFileSync(
      path,
      [META, ...filler(2000), line(lastTime, 'event_msg', { type: 'agent_message', message: 'x'.repeat(100_000) }), '{"timestamp":"2027-'].join(
        '\n',
      ),
    );
    const tail = await readRolloutTail(path);
    expect(tail.lastTimestamp).toBe(lastTime.toISOString());
    expect(tail.lastRecordAt?.getTime()).toBe(lastTime.getTime());

    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect((await readRolloutTail(empty)).lastTimestamp).toBeUndefined();
  });
});
