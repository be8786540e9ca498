import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RolloutItem, SessionMeta } from '@threadkit/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRollout, findRolloutPath } from './find';
import { listRollouts } from './listing';
import { readRolloutFile } from './reader';
import { appendToRollout, RolloutRecorder } from './recorder';
import { copyFixtureHome, readExpected, tempDir } from './testing/homes';
import { line } from './testing/synthetic';
import { zstdStoredFrame } from './testing/zstd';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const START = new Date('2026-04-05T06:07:08.090Z');

function sessionMeta(extra: Partial<SessionMeta> = {}): SessionMeta {
  return {
    session_id: ID,
    id: ID,
    timestamp: START.toISOString(),
    cwd: '/workspace/demo',
    originator: 'threadkit',
    cli_version: '0.142.0',
    source: 'cli',
    model_provider: 'openai',
    history_mode: 'legacy',
    ...extra,
  };
}

const user = (message: string): RolloutItem =>
  ({ type: 'event_msg', payload: { type: 'user_message', message, images: [], local_images: [], text_elements: [] } }) as RolloutItem;
const agent = (message: string): RolloutItem => ({ type: 'event_msg', payload: { type: 'agent_message', message } }) as RolloutItem;
const delta = (): RolloutItem => ({ type: 'event_msg', payload: { type: 'agent_message_delta', delta: 'x' } }) as RolloutItem;

function fixedClock(): () => Date {
  let ms = Date.parse('2026-04-05T06:07:09.000Z');
  return () => new Date(ms++);
}

function fileLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n');
}

describe('RolloutRecorder', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: home, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  const create = (extra: Partial<Parameters<typeof RolloutRecorder.create>[0]> = {}) =>
    RolloutRecorder.create({ home, sessionMeta: sessionMeta(), timeZone: 'UTC', clock: fixedClock(), ...extra });

  it('chooses the path at creation and writes nothing until persist', async () => {
    const recorder = await create();
    expect(recorder.path).toBe(join(home, 'sessions/2026/04/05', `rollout-2026-04-05T06-07-08-${ID}.jsonl`));
    await recorder.append([user('hello'), delta(), agent('hi')]);
    expect(existsSync(join(home, 'sessions'))).toBe(false);
    expect(recorder.isMaterialized).toBe(false);
    await recorder.persist();
    const lines = fileLines(recorder.path);
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(parsed.map((l) => l.payload.type ?? l.type)).toEqual(['session_meta', 'user_message', 'agent_message']);
    expect(parsed[0].payload).toEqual(sessionMeta());
    // Stamped when written, as Codex does: the records queued before the file existed share its creation time.
    expect(new Set(parsed.map((l) => l.timestamp)).size).toBe(1);
    expect(parsed[0].timestamp > '2026-04-05T06:07:09.001Z').toBe(true);
    expect(Object.keys(parsed[1])).toEqual(['timestamp', 'type', 'payload']);
    await recorder.shutdown();
    const listed = await listRollouts(home);
    expect(listed.items.map((t) => [t.threadId, t.preview])).toEqual([[ID, 'hello']]);
  });

  it('leaves no file for a thread that never got a record, and releases its lock', async () => {
    const recorder = await create();
    expect(existsSync(join(home, 'thread-writer-locks', `${ID}.lock`))).toBe(true);
    await recorder.flush();
    await recorder.shutdown();
    expect(existsSync(join(home, 'sessions'))).toBe(false);
    expect(readdirSync(join(home, 'thread-writer-locks'))).toEqual([]);
    expect(recorder.state).toBe('shut_down');
  });

  it('materializes on flush when records are pending, and syncs them', async () => {
    const recorder = await create();
    await recorder.append([{ type: 'event_msg', payload: { type: 'token_count', info: null } } as RolloutItem]);
    await recorder.flush();
    expect(fileLines(recorder.path)).toHaveLength(3);
    await recorder.shutdown();
  });

  it('keeps call order and coalesces concurrent appends into fewer writes', async () => {
    const recorder = await create();
    await recorder.persist();
    const writesBefore = recorder.stats.writes;
    await Promise.all(Array.from({ length: 200 }, (_, i) => recorder.append([agent(`m${i}`)])));
    const written = (await readRolloutFile(recorder.path)).lines.slice(1);
    expect(written.map((l) => (l.payload as { message: string }).message)).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
    expect(recorder.stats.writes - writesBefore).toBeLessThan(20);
    await recorder.shutdown();
  });

  it('rejects bad items with invalid_request and queues none of them', async () => {
    const recorder = await create();
    const bad = [
      [null],
      [{ type: '', payload: {} }],
      [{ type: 'event_msg' }],
      [{ type: 'event_msg', payload: 'x' }],
      [{ type: 'response_item', payload: { role: 'user' } }],
      [{ type: 'turn_context', payload: { cwd: 5 } }],
      [user('ok'), { type: 'event_msg', payload: { type: 'user_message', message: 1n } }],
    ];
    for (const items of bad) {
      await expect(recorder.append(items as RolloutItem[])).rejects.toMatchObject({ code: 'invalid_request' });
    }
    await expect(recorder.append('nope' as unknown as RolloutItem[])).rejects.toMatchObject({ code: 'invalid_request' });
    await recorder.persist();
    expect(fileLines(recorder.path)).toHaveLength(2);
    await recorder.shutdown();
  });

  it('fails later appends after shutdown or discard with closed', async () => {
    const first = await create();
    await first.shutdown();
    await expect(first.append([user('late')])).rejects.toMatchObject({ code: 'closed' });
    await expect(first.persist()).rejects.toMatchObject({ code: 'closed' });
    await first.shutdown();

    const second = await create();
    await second.append([user('never written')]);
    await second.discard();
    expect(existsSync(second.path)).toBe(false);
    await expect(second.append([user('late')])).rejects.toMatchObject({ code: 'closed' });
    await expect(second.flush()).rejects.toMatchObject({ code: 'closed' });
    await second.discard();
    expect(second.state).toBe('discarded');
  });

  it('keeps what was durable when discarding, and the thread resumes', async () => {
    const recorder = await create();
    await recorder.append([user('kept')]);
    await recorder.flush();
    await recorder.discard();
    const resumed = await RolloutRecorder.resume({ home, threadId: ID, clock: fixedClock() });
    await resumed.append([agent('after')]);
    await resumed.shutdown();
    const texts = (await readRolloutFile(recorder.path)).lines.map((l) => (l.payload as { message?: string }).message);
    expect(texts).toEqual([undefined, 'kept', 'after']);
  });

  it('gives one writer per thread: a second open is a conflict until the first shuts down', async () => {
    const first = await create();
    await first.persist();
    await expect(create()).rejects.toMatchObject({ code: 'conflict' });
    await expect(RolloutRecorder.resume({ home, threadId: ID })).rejects.toMatchObject({ code: 'conflict' });
    await first.shutdown();
    const again = await RolloutRecorder.resume({ home, threadId: ID });
    await again.shutdown();
    // Creating the same thread twice would put two session_meta lines in one file.
    const duplicate = await create();
    await expect(duplicate.persist()).rejects.toMatchObject({ code: 'conflict' });
    await duplicate.discard();
  });

  it('validates creation input', async () => {
    await expect(create({ sessionMeta: sessionMeta({ id: 'not-a-uuid' }) })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(create({ sessionMeta: { ...sessionMeta(), timestamp: 'yesterday' } })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(create({ sessionMeta: sessionMeta({ history_mode: 'paginated' }) })).rejects.toMatchObject({ code: 'unsupported' });
    await expect(create({ sessionMeta: { cwd: '/x' } as unknown as SessionMeta })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(create({ timeZone: 'Nowhere/Special' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(RolloutRecorder.create({ home: '', sessionMeta: sessionMeta() })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(existsSync(join(home, 'thread-writer-locks', `${ID}.lock`))).toBe(false);
  });

  it('appends on a fresh line after a torn tail, so every complete record reads back', async () => {
    const recorder = await create();
    await recorder.append([user('before crash')]);
    await recorder.shutdown();
    appendFileSync(recorder.path, '{"timestamp":"2026-04-05T06:07:10.000Z","type":"response_item","payload":{"type":"reas');
    const resumed = await RolloutRecorder.resume({ home, path: recorder.path });
    expect(readFileSync(recorder.path, 'utf8').endsWith('"reas')).toBe(true); // resume alone writes nothing
    await resumed.append([agent('after crash')]);
    await resumed.shutdown();
    const file = await readRolloutFile(recorder.path);
    expect(file.lines.map((l) => (l.payload as { message?: string }).message)).toEqual([undefined, 'before crash', 'after crash']);
    expect(file.skipped.invalid_json).toBe(1);

    // A complete last record without its newline also gets one.
    const text = readFileSync(recorder.path, 'utf8');
    writeFileSync(recorder.path, text.slice(0, -1));
    const again = await RolloutRecorder.resume({ home, path: recorder.path });
    await again.append([agent('third')]);
    await again.shutdown();
    expect((await readRolloutFile(recorder.path)).lines).toHaveLength(4);
  });

  it('turns a cold .jsonl.zst back into plain before appending', async () => {
    const recorder = await create();
    await recorder.append([user('cold')]);
    await recorder.shutdown();
    const plain = readFileSync(recorder.path);
    writeFileSync(`${recorder.path}.zst`, zstdStoredFrame(plain));
    unlinkSync(recorder.path);
    const resumed = await RolloutRecorder.resume({ home, path: `${recorder.path}.zst` });
    expect(resumed.path).toBe(recorder.path);
    await resumed.append([agent('warm again')]);
    await resumed.shutdown();
    expect(existsSync(`${recorder.path}.zst`)).toBe(false);
    expect((await readRolloutFile(recorder.path)).lines).toHaveLength(3);
  });

  it('refuses files it must not append to', async () => {
    await expect(RolloutRecorder.resume({ home, threadId: ID })).rejects.toMatchObject({ code: 'not_found' });
    await expect(RolloutRecorder.resume({ home })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(RolloutRecorder.resume({ home, path: join(home, 'sessions/notes.jsonl') })).rejects.toMatchObject({
      code: 'invalid_request',
    });

    const outside = tempDir();
    try {
      const name = `rollout-2026-04-05T06-07-08-${ID}.jsonl`;
      writeFileSync(join(outside.dir, name), `${line(START, 'session_meta', sessionMeta())}\n`);
      await expect(RolloutRecorder.resume({ home, path: join(outside.dir, name) })).rejects.toMatchObject({ code: 'invalid_request' });
    } finally {
      outside.cleanup();
    }

    const dir = join(home, 'sessions/2026/04/05');
    mkdirSync(dir, { recursive: true });
    const noMeta = join(dir, `rollout-2026-04-05T06-07-08-${ID}.jsonl`);
    writeFileSync(noMeta, `${line(START, 'event_msg', { type: 'user_message', message: 'orphan' })}\n`);
    await expect(RolloutRecorder.resume({ home, path: noMeta })).rejects.toMatchObject({ code: 'invalid_request' });
    const otherId = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e56';
    writeFileSync(noMeta, `${line(START, 'session_meta', sessionMeta({ id: otherId }))}\n`);
    await expect(RolloutRecorder.resume({ home, path: noMeta })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(RolloutRecorder.resume({ home, path: noMeta, threadId: otherId })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(readdirSync(join(home, 'thread-writer-locks'))).toEqual([]);
  });

  it('refuses to append legacy records to a paginated Codex 0.169 rollout', async () => {
    const fixture = copyFixtureHome('0.169');
    try {
      const id = readExpected('0.169').active[0]!.id;
      await expect(RolloutRecorder.resume({ home: fixture.home, threadId: id })).rejects.toMatchObject({ code: 'unsupported' });
    } finally {
      fixture.cleanup();
    }
  });

  it('appends to a Codex 0.142 thread so that it still lists and reads the same', async () => {
    const fixture = copyFixtureHome('0.142');
    try {
      const thread = readExpected('0.142').active[3]!;
      await appendToRollout({ home: fixture.home, threadId: thread.id, items: [user('one more question'), delta(), agent('one more answer')] });
      const file = await readRolloutFile((await findRolloutPath(fixture.home, thread.id))!);
      expect(file.lines.slice(-2).map((l) => (l.payload as { message: string }).message)).toEqual(['one more question', 'one more answer']);
      const page = await listRollouts(fixture.home, { pageSize: 100 });
      expect(page.items.find((t) => t.threadId === thread.id)?.preview).toBe(thread.preview);
      expect((await findRollout(fixture.home, thread.id))?.archived).toBe(false);
    } finally {
      fixture.cleanup();
    }
  });
});
