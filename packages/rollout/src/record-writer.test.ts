import * as fs from 'node:fs';
import { readFileSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { RolloutItem } from '@threadkit/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readRolloutFile } from './reader';
import { RecordWriter } from './record-writer';
import { RolloutRecorder } from './recorder';
import { tempDir } from './testing/homes';

// A disk that takes `room` more bytes, then refuses with ENOSPC; truncation can be refused too.
const disk = vi.hoisted(() => ({ room: Number.POSITIVE_INFINITY, truncateFails: false }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
  return {
    ...real,
    writeSync: (fd: number, data: string | Uint8Array, offset = 0, length?: number) => {
      if (disk.room <= 0) throw enospc();
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      const size = typeof data === 'string' ? bytes.length : (length ?? bytes.length - offset);
      const n = real.writeSync(fd, bytes, typeof data === 'string' ? 0 : offset, Math.min(size, disk.room));
      disk.room -= n;
      return n;
    },
    ftruncateSync: (fd: number, len?: number) => {
      if (disk.truncateFails) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
      real.ftruncateSync(fd, len);
    },
  };
});

const record = (n: number, size = 20) => `{"n":${n},"pad":"${'x'.repeat(size)}"}\n`;

describe('RecordWriter', () => {
  let dir: string;
  let cleanup: () => void;
  let path: string;
  let handle: FileHandle;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    path = join(dir, 'rollout.jsonl');
    writeFileSync(path, record(0));
    handle = await open(path, fs.constants.O_WRONLY | fs.constants.O_APPEND);
    disk.room = Number.POSITIVE_INFINITY;
    disk.truncateFails = false;
  });
  afterEach(async () => {
    await handle.close();
    cleanup();
  });

  it('writes appends of one turn in one write, in call order', async () => {
    const writer = new RecordWriter(handle, path);
    await Promise.all([1, 2, 3].map((n) => writer.append(record(n))));
    expect(writer.stats.writes).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe([0, 1, 2, 3].map((n) => record(n)).join(''));
  });

  it('fails every append the disk refused with the OS error, and drops their records for good', async () => {
    const writer = new RecordWriter(handle, path);
    // Room for record 1 and half of record 2.
    disk.room = record(1).length + 10;
    const results = await Promise.allSettled([1, 2, 3].map((n) => writer.append(record(n))));
    expect(results[0]).toEqual({ status: 'fulfilled', value: undefined });
    for (const result of results.slice(1)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'io', cause: { code: 'ENOSPC' } } });
    }
    // The half-written record was cut away: the file ends on a whole line.
    expect(readFileSync(path, 'utf8')).toBe(record(0) + record(1));

    disk.room = Number.POSITIVE_INFINITY;
    await writer.append(record(4));
    await writer.drain();
    expect(readFileSync(path, 'utf8')).toBe(record(0) + record(1) + record(4));
  });

  it('starts the next record on a fresh line when a cut record cannot be truncated', async () => {
    const writer = new RecordWriter(handle, path);
    disk.room = 10;
    disk.truncateFails = true;
    await expect(writer.append(record(1))).rejects.toMatchObject({ code: 'io', cause: { code: 'ENOSPC' } });
    disk.room = Number.POSITIVE_INFINITY;
    await writer.append(record(2));
    expect(readFileSync(path, 'utf8')).toBe(`${record(0)}${record(1).slice(0, 10)}\n${record(2)}`);
  });

  it('puts a newline before the first record after a torn tail, and only once', async () => {
    writeFileSync(path, `${record(0)}{"torn`);
    const writer = new RecordWriter(handle, path, true);
    await writer.append(record(1));
    await writer.append(record(2));
    expect(readFileSync(path, 'utf8')).toBe(`${record(0)}{"torn\n${record(1)}${record(2)}`);
  });

  it('rejects what is still queued when told to, writing none of it', async () => {
    const writer = new RecordWriter(handle, path);
    const pending = writer.append(record(1));
    writer.rejectQueued(new Error('discarded'));
    await expect(pending).rejects.toThrow('discarded');
    await writer.drain();
    expect(readFileSync(path, 'utf8')).toBe(record(0));
  });
});

describe('RolloutRecorder on a disk that refuses writes', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir: home, cleanup } = tempDir());
    disk.room = Number.POSITIVE_INFINITY;
    disk.truncateFails = false;
  });
  afterEach(() => cleanup());

  const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
  const agent = (message: string) => ({ type: 'event_msg', payload: { type: 'agent_message', message } }) as RolloutItem;
  const create = () =>
    RolloutRecorder.create({
      home,
      timeZone: 'UTC',
      sessionMeta: {
        id: ID,
        session_id: ID,
        timestamp: '2026-04-05T06:07:08.090Z',
        cwd: '/w',
        originator: 'threadkit',
        cli_version: '0.142.0',
        source: 'cli',
        model_provider: 'openai',
        history_mode: 'legacy',
      },
    });
  const messages = async (path: string) =>
    (await readRolloutFile(path)).lines.filter((l) => l.type === 'event_msg').map((l) => (l.payload as { message: string }).message);

  it('fails only the refused append, names the OS error, and never writes its records later', async () => {
    const recorder = await create();
    await recorder.append([agent('kept')]);
    await recorder.flush();
    disk.room = 40;
    const refused = recorder.append([agent(`refused ${'y'.repeat(200)}`)]);
    await expect(refused).rejects.toMatchObject({ code: 'io', cause: { code: 'ENOSPC' } });
    disk.room = Number.POSITIVE_INFINITY;
    await recorder.flush();
    await recorder.append([agent('after')]);
    await recorder.shutdown();
    expect(await messages(recorder.path)).toEqual(['kept', 'after']);
    expect((await readRolloutFile(recorder.path)).skipped.invalid_json).toBe(0);
  });

  it('leaves no file when creating it fails, and keeps the deferred records for the next persist', async () => {
    const recorder = await create();
    await recorder.append([agent('first')]);
    disk.room = 30;
    await expect(recorder.persist()).rejects.toMatchObject({ code: 'io', cause: { code: 'ENOSPC' } });
    expect(fs.existsSync(recorder.path)).toBe(false);
    expect(recorder.isMaterialized).toBe(false);
    disk.room = Number.POSITIVE_INFINITY;
    await recorder.persist();
    expect(await messages(recorder.path)).toEqual(['first']);
    await recorder.shutdown();
  });

  it('drops the deferred records on request, so a failed first append is not written by a retry', async () => {
    const recorder = await create();
    await recorder.append([agent('refused')]);
    disk.room = 30;
    await expect(recorder.flush()).rejects.toMatchObject({ code: 'io' });
    expect(recorder.discardDeferred()).toBe(1);
    disk.room = Number.POSITIVE_INFINITY;
    await recorder.append([agent('later')]);
    await recorder.flush();
    expect(await messages(recorder.path)).toEqual(['later']);
    await recorder.shutdown();
  });
});
