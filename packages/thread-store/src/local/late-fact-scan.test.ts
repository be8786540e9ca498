import { appendFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TAIL_WINDOW_BYTES } from '@threadkit/rollout';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lateFactScanStats, recordsBeforeTailWindow } from './late-fact-scan';
import { tempDir } from './testing/temp-home';

const ID = '01a1fda6-2ee8-7e81-a228-b41a8093b8f1';
const PARENT = '01a1fda6-344c-7e30-8d32-270bb9140a10';

const line = (type: string, payload: Record<string, unknown>) =>
  `${JSON.stringify({ timestamp: '2026-03-01T10:00:00.000Z', type, payload })}\n`;
const meta = (id: string, extra: Record<string, unknown> = {}) =>
  line('session_meta', { id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w', base_instructions: { text: 'b'.repeat(500) }, ...extra });
const turnContext = (model: string, padding = 0) =>
  line('turn_context', { cwd: '/w', approval_policy: 'never', model, user_instructions: 'u'.repeat(padding) });
const tokens = (total: number) =>
  line('event_msg', { type: 'token_count', info: { total_token_usage: { total_tokens: total } } });
const message = (text: string) => line('event_msg', { type: 'agent_message', message: text });
/** History that moves everything before it out of the tail window. */
const filler = () => message('f'.repeat(TAIL_WINDOW_BYTES + 1000));

describe('recordsBeforeTailWindow', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let file: string;
  const scan = async () => recordsBeforeTailWindow(file, ID, (await stat(file)).size);

  beforeEach(async () => {
    ({ path: dir, remove } = await tempDir());
    file = join(dir, `rollout-2026-03-01T10-00-00-${ID}.jsonl`);
  });
  afterEach(() => remove());

  it('reads nothing of a file the tail window covers', async () => {
    await writeFile(file, meta(ID) + turnContext('m1') + message('short'));
    const before = lateFactScanStats.bytesRead;
    expect(await scan()).toEqual([]);
    expect(lateFactScanStats.bytesRead).toBe(before);
  });

  it('finds the last records of each kind before the window, in file order, leaving the first line to the head', async () => {
    await writeFile(
      file,
      meta(ID, { git: { branch: 'first' } }) +
        turnContext('m1') +
        tokens(10) +
        meta(ID, { memory_mode: 'disabled', git: { branch: 'copied' } }) +
        meta(PARENT, { memory_mode: 'enabled' }) +
        meta(ID, { memory_mode: 'disabled', agent_nickname: 'nick' }) +
        turnContext('m2') +
        tokens(20) +
        message(`text that mentions "session_meta" "turn_context" "token_count" only after ${'x'.repeat(300)}`) +
        filler() +
        turnContext('in the window'),
    );
    const records = await scan();
    expect(records.map((r) => r.type)).toEqual(['session_meta', 'session_meta', 'turn_context', 'event_msg']);
    expect(records[0]!.payload).toMatchObject({ id: ID, git: { branch: 'copied' } });
    expect(records[1]!.payload).toEqual({ id: ID, memory_mode: 'disabled', agent_nickname: 'nick' });
    expect(records[2]!.payload).toEqual({ model: 'm2', approval_policy: 'never' });
    expect(records[3]!.payload).toMatchObject({ info: { total_token_usage: { total_tokens: 20 } } });
  });

  it('reads a record that starts before the window and ends in it', async () => {
    const body = meta(ID) + message('m'.repeat(2000));
    const straddling = turnContext('straddling', 1000);
    // The window starts 100 bytes into the turn_context line.
    const afterLength = TAIL_WINDOW_BYTES - (straddling.length - 100);
    const after = message('a'.repeat(afterLength - message('').length));
    await writeFile(file, body + straddling + after);
    const size = (await stat(file)).size;
    expect(size - TAIL_WINDOW_BYTES).toBe(body.length + 100);
    expect((await scan()).map((r) => (r.payload as { model?: string }).model)).toEqual(['straddling']);
  });

  it('reads a record longer than its read buffer whole, and skips other long lines unread', async () => {
    const big = 3 * 1024 * 1024;
    await writeFile(file, meta(ID) + turnContext('huge', big) + message('y'.repeat(big)) + filler());
    expect((await scan()).map((r) => (r.payload as { model?: string }).model)).toEqual(['huge']);
  });

  it('reads only what was appended since its last scan, and finds what it brings', async () => {
    await writeFile(file, meta(ID) + turnContext('m1') + filler());
    expect((await scan()).map((r) => r.type)).toEqual(['turn_context']);
    const before = lateFactScanStats.bytesRead;
    const grown = meta(ID, { memory_mode: 'disabled' }) + filler();
    await appendFile(file, grown);
    const records = await scan();
    expect(records.map((r) => r.type)).toEqual(['session_meta', 'turn_context']);
    expect(records[0]!.payload).toMatchObject({ memory_mode: 'disabled' });
    // Only lines that start before the window: at most the growth, and never the first part again.
    expect(lateFactScanStats.bytesRead - before).toBeLessThanOrEqual(grown.length);
    const unchanged = lateFactScanStats.bytesRead;
    await scan();
    expect(lateFactScanStats.bytesRead).toBe(unchanged);
  });

  it('scans again a file that was rewritten, not grown', async () => {
    await writeFile(file, meta(ID) + meta(ID, { memory_mode: 'disabled' }) + filler() + filler());
    expect((await scan())[0]!.payload).toMatchObject({ memory_mode: 'disabled' });
    await writeFile(file, meta(ID) + turnContext('rewritten') + filler() + filler() + filler());
    expect(await scan()).toEqual([expect.objectContaining({ type: 'turn_context', payload: expect.objectContaining({ model: 'rewritten' }) })]);
  });
});
