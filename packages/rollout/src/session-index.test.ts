import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendThreadName,
  findThreadIdsByName,
  readThreadName,
  readThreadNames,
  removeThreadNameEntries,
} from './session-index';
import { tempDir } from './testing/homes';

const A = '01a1fda6-2ee8-7e81-a228-b41a8093b8f1';
const B = '01a1fda6-344c-7e30-8d32-270bb9140a10';
const C = '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce';

describe('session_index.jsonl', () => {
  let home: string;
  let cleanup: () => void;
  const indexPath = () => join(home, 'session_index.jsonl');
  beforeEach(() => {
    ({ dir: home, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  it('appends Codex-shaped lines and resolves the newest name per id', async () => {
    await appendThreadName(home, A, 'first', { now: new Date('2026-01-01T00:00:00Z') });
    await appendThreadName(home, B, 'other');
    await appendThreadName(home, A, '  second  ');
    const [firstLine] = readFileSync(indexPath(), 'utf8').split('\n');
    expect(JSON.parse(firstLine!)).toEqual({ id: A, thread_name: 'first', updated_at: '2026-01-01T00:00:00.000Z' });
    expect(Object.keys(JSON.parse(firstLine!))).toEqual(['id', 'thread_name', 'updated_at']);
    expect(await readThreadName(home, A)).toBe('second');
    expect(await readThreadName(home, C)).toBeUndefined();
    expect(await readThreadNames(home, [A, B, C])).toEqual(
      new Map([
        [A, 'second'],
        [B, 'other'],
      ]),
    );
  });

  it('treats an empty newest entry as a cleared name', async () => {
    await appendThreadName(home, A, 'named');
    await appendThreadName(home, A, '');
    expect(await readThreadName(home, A)).toBeUndefined();
    expect((await readThreadNames(home, [A])).size).toBe(0);
  });

  it('finds ids by current name, newest first, scanning from the end across chunk boundaries', async () => {
    await appendThreadName(home, A, 'release');
    for (let i = 0; i < 120; i++) await appendThreadName(home, C, `filler ${i} ${'x'.repeat(100)}`);
    await appendThreadName(home, B, 'release');
    await appendThreadName(home, C, 'release');
    await appendThreadName(home, C, 'renamed away');
    expect(await findThreadIdsByName(home, ' release ')).toEqual([B, A]);
    expect(await readThreadName(home, A)).toBe('release');
  });

  it('skips broken lines, repairs a torn tail before appending, and tolerates a missing file', async () => {
    expect(await readThreadName(home, A)).toBeUndefined();
    expect(await removeThreadNameEntries(home, A)).toBe(0);
    writeFileSync(indexPath(), `not json\n{"id":"nope","thread_name":"x","updated_at":""}\n{"id":"${A}","thread_na`);
    await appendThreadName(home, A, 'after tear');
    expect(await readThreadName(home, A)).toBe('after tear');
    expect(readFileSync(indexPath(), 'utf8').split('\n').at(-2)).toContain('after tear');
  });

  it('removes every entry of one id by an atomic rewrite that keeps other lines byte for byte', async () => {
    await appendThreadName(home, A, 'a1');
    await appendThreadName(home, B, 'b1');
    await appendThreadName(home, A, 'a2');
    const unknown = `{"id":"${B}","thread_name":"b2","updated_at":"2026-01-01T00:00:00Z","future":true}`;
    writeFileSync(indexPath(), `${readFileSync(indexPath(), 'utf8')}garbage line\n${unknown}\n`);
    expect(await removeThreadNameEntries(home, A)).toBe(2);
    const lines = readFileSync(indexPath(), 'utf8').split('\n');
    expect(lines.slice(1)).toEqual(['garbage line', unknown, '']);
    expect(await readThreadName(home, A)).toBeUndefined();
    expect(await readThreadName(home, B)).toBe('b2');
  });

  it('says where an appended line landed: its bytes, from the size before to the size after', async () => {
    const first = await appendThreadName(home, A, 'first');
    const bytes = readFileSync(indexPath());
    expect(first.placement).toMatchObject({ start: 0, end: bytes.length, ino: statSync(indexPath()).ino });
    expect(first.placement?.text).toBe(bytes.toString('utf8'));
    writeFileSync(indexPath(), `${bytes.toString('utf8')}{"id":"${B}","thread_na`);
    const torn = statSync(indexPath()).size;
    const second = await appendThreadName(home, A, 'second ✓');
    const after = readFileSync(indexPath());
    expect(second.placement).toMatchObject({ start: torn, end: after.length, mtimeMs: statSync(indexPath()).mtimeMs });
    // The newline that ends the torn line is part of what this append wrote.
    expect(second.placement?.text.startsWith('\n{')).toBe(true);
    expect(after.subarray(torn).toString('utf8')).toBe(second.placement?.text);
    expect(second).toMatchObject({ id: A, threadName: 'second ✓' });
  });

  it('rejects bad ids and names with invalid_request and writes nothing', async () => {
    await expect(appendThreadName(home, '../x', 'n')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(appendThreadName(home, A, 'n'.repeat(5000))).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(appendThreadName(home, A, 42 as unknown as string)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(readThreadName(home, 'nope')).rejects.toMatchObject({ code: 'invalid_request' });
    expect(() => readFileSync(indexPath())).toThrow();
  });
});
