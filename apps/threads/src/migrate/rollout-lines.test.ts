import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeRolloutLine } from '@threadkit/protocol';
import { LocalThreadStore } from '@threadkit/thread-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alignLines, linesForHistory, RolloutMismatchError } from './rollout-lines';

const THREAD = '01a1fda6-2ee8-7e81-a228-b41a8093b8f1';
const T = '2026-11-21T10:28:09.098Z';

const json = (value: unknown) => JSON.stringify(value);
const sessionMeta = json({
  timestamp: T,
  type: 'session_meta',
  payload: { id: THREAD, timestamp: T, cwd: '/work/app', originator: 'codex_cli_rs', cli_version: '0.142.0', source: 'cli' },
});
const userMessage = json({
  timestamp: '2026-11-21T10:28:10.001Z',
  type: 'event_msg',
  payload: { type: 'user_message', message: 'hello', images: [] },
});
/** A line of a newer Codex: an unknown top-level field, kept in the copy. */
const withUnknownField = json({
  timestamp: '2026-11-21T10:28:10.002Z',
  type: 'response_item',
  payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
  written_by: 'a newer codex',
});
/** An unknown kind: the store keeps it verbatim. */
const unknownKind = json({ timestamp: '2026-11-21T10:28:10.003Z', type: 'future_record', payload: { anything: 1 } });
/** A legacy undo snapshot: Codex and the store drop it. */
const ghost = json({
  timestamp: '2026-11-21T10:28:10.004Z',
  type: 'response_item',
  payload: { type: 'ghost_snapshot', ghost_commit: {} },
});
const agentMessage = json({
  timestamp: '2026-11-21T10:28:10.005Z',
  type: 'event_msg',
  payload: { type: 'agent_message', message: 'hi' },
});
/** A compaction whose replacement history holds a snapshot: the store drops it from the payload. */
const compacted = json({
  timestamp: '2026-11-21T10:28:10.006Z',
  type: 'compacted',
  payload: {
    message: 'summary',
    replacement_history: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
      { type: 'ghost_snapshot', ghost_commit: {} },
    ],
  },
});

describe('linesForHistory', () => {
  let home: string;
  let path: string;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'threads-lines-'));
    const dir = join(home, 'sessions', '2026', '11', '21');
    await mkdir(dir, { recursive: true });
    path = join(dir, `rollout-2026-11-21T10-28-09-${THREAD}.jsonl`);
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  async function history() {
    const store = await LocalThreadStore.open({ home, index: 'none' });
    try {
      return (await store.loadHistory({ threadId: THREAD })).items;
    } finally {
      await store.close();
    }
  }

  it('gives back the exact lines of the history, with their timestamps and unknown fields', async () => {
    const kept = [sessionMeta, userMessage, withUnknownField, unknownKind, agentMessage];
    await writeFile(path, `${kept.join('\n')}\n`);
    const items = await history();
    const lines = await linesForHistory(path, items);
    expect(lines.map(serializeRolloutLine)).toEqual(kept);
  });

  it('leaves out what the store does not replay: blank, torn, 2025-format and snapshot lines', async () => {
    const file = [
      sessionMeta,
      '',
      userMessage,
      json({ record_type: 'state' }),
      ghost,
      '{"timestamp":"2026-11-21T10:28:10.004Z","type":"event_msg","payl',
      agentMessage,
      '{"timestamp":"2026-11-21T10:28:11.000Z","type":"event_msg"',
    ];
    await writeFile(path, file.join('\n'));
    const items = await history();
    expect(items).toHaveLength(3);
    const lines = await linesForHistory(path, items);
    expect(lines.map(serializeRolloutLine)).toEqual([sessionMeta, userMessage, agentMessage]);
  });

  it("keeps a compaction's time with the store's payload when the store rewrote it", async () => {
    await writeFile(path, `${[sessionMeta, userMessage, compacted, agentMessage].join('\n')}\n`);
    const items = await history();
    const lines = await linesForHistory(path, items);
    expect(lines.map((line) => line.timestamp)).toEqual([
      T,
      '2026-11-21T10:28:10.001Z',
      '2026-11-21T10:28:10.006Z',
      '2026-11-21T10:28:10.005Z',
    ]);
    expect(lines[2]!.payload).toEqual(items[2]!.payload);
    expect((lines[2]!.payload as { replacement_history: unknown[] }).replacement_history).toHaveLength(1);
  });

  it('ignores lines written after the history was read, and refuses a file that no longer holds it', async () => {
    await writeFile(path, `${[sessionMeta, userMessage].join('\n')}\n`);
    const items = await history();
    await writeFile(path, `${[sessionMeta, userMessage, agentMessage].join('\n')}\n`);
    expect((await linesForHistory(path, items)).map(serializeRolloutLine)).toEqual([sessionMeta, userMessage]);
    await writeFile(path, `${sessionMeta}\n`);
    await expect(linesForHistory(path, items)).rejects.toBeInstanceOf(RolloutMismatchError);
    await rm(path);
    await expect(linesForHistory(path, items)).rejects.toThrow(/changed while it was read/);
  });

  it('matches repeated items in order', () => {
    const item = { type: 'event_msg', payload: { type: 'agent_message', message: 'same' } };
    const times = ['2026-11-21T10:28:10.000Z', '2026-11-21T10:28:11.000Z', '2026-11-21T10:28:12.000Z'];
    const parsed = times.map((timestamp) => ({ timestamp, ...item }));
    const aligned = alignLines(parsed as never, [item, item] as never, path);
    expect(aligned.map((line) => line.timestamp)).toEqual(times.slice(0, 2));
  });
});
