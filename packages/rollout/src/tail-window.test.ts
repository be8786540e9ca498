import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRolloutHead } from './head';
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
});
