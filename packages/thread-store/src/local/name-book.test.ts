import { appendFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import type { ThreadId } from '@threadkit/protocol';
import { appendThreadName, removeThreadNameEntries, sessionIndexPath } from '@threadkit/rollout';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NameBook } from './name-book';
import { tempDir } from './testing/temp-home';

const A = '01a1fda6-2ee8-7e81-a228-b41a8093b8f1' as ThreadId;
const B = '01a1fda6-344c-7e30-8d32-270bb9140a10' as ThreadId;
const C = '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce' as ThreadId;

/** A line as Codex writes it (microsecond timestamps). */
const codexLine = (id: string, name: string) =>
  `${JSON.stringify({ id, thread_name: name, updated_at: '2026-05-05T10:29:15.509363Z' })}\n`;

describe('NameBook', () => {
  let home: string;
  let remove: () => Promise<void>;
  const path = () => sessionIndexPath(home);
  const size = async () => (await stat(path())).size;

  beforeEach(async () => {
    ({ path: home, remove } = await tempDir());
  });
  afterEach(() => remove());

  /** A file of `count` entries of thread C, and a book that has read it. */
  async function bookOnLargeFile(count: number): Promise<NameBook> {
    let body = '';
    for (let i = 0; i < count; i++) body += codexLine(C, `name ${i}`);
    await writeFile(path(), body);
    const book = new NameBook(home);
    await book.refresh();
    expect(book.bytesRead).toBe(await size());
    return book;
  }

  it('reads a missing file as no names, and names once the file appears', async () => {
    const book = new NameBook(home);
    expect(await book.refresh()).toBe(true);
    expect(book.explicitName(A)).toBeUndefined();
    expect(await book.refresh()).toBe(false);
    await appendFile(path(), codexLine(A, 'from Codex'));
    expect(await book.refresh()).toBe(true);
    expect(book.explicitName(A)).toBe('from Codex');
  });

  it('reads only the bytes another program appended since its last look', async () => {
    const book = await bookOnLargeFile(2_000);
    const before = book.bytesRead;
    const generation = book.generation;
    const appended = codexLine(A, 'renamed by Codex') + codexLine(C, '');
    await appendFile(path(), appended);
    expect(await book.refresh()).toBe(true);
    expect(book.explicitName(A)).toBe('renamed by Codex');
    expect(book.explicitName(C)).toBeNull();
    expect(book.generation).toBe(generation + 1);
    // The appended bytes, and the few before them that show the rest is unchanged.
    expect(book.bytesRead - before).toBeLessThan(appended.length + 100);
    expect(await book.refresh()).toBe(false);
  });

  it('takes its own rename without reading, and reads what others appended first when they did', async () => {
    const book = await bookOnLargeFile(2_000);
    const before = book.bytesRead;
    await book.append(A, 'own name');
    expect(book.explicitName(A)).toBe('own name');
    expect(await book.refresh()).toBe(false);
    expect(book.bytesRead).toBe(before);

    await appendFile(path(), codexLine(B, 'slipped in'));
    await book.append(A, 'second own name');
    await book.refresh();
    expect(book.explicitName(B)).toBe('slipped in');
    expect(book.explicitName(A)).toBe('second own name');
    expect(book.bytesRead - before).toBeLessThan(400);
  });

  it('reads a replaced file whole: names removed by a rewrite are gone', async () => {
    const book = await bookOnLargeFile(10);
    await appendThreadName(home, A, 'doomed');
    await appendThreadName(home, B, 'kept');
    await book.refresh();
    const before = book.bytesRead;
    await removeThreadNameEntries(home, A);
    expect(await book.refresh()).toBe(true);
    expect(book.bytesRead - before).toBe(await size());
    expect(book.explicitName(A)).toBeNull();
    expect(book.explicitName(B)).toBe('kept');
    expect([...book.entries()]).toContainEqual([A, null]);
    // A name given again after its removal is the thread's name once more.
    await book.append(A, 'back');
    expect(book.explicitName(A)).toBe('back');
  });

  it('reads a file that shrank, or was rewritten in place to the same size, whole', async () => {
    const book = new NameBook(home);
    await writeFile(path(), codexLine(A, 'aaaa') + codexLine(B, 'bbbb'));
    await book.refresh();
    await writeFile(path(), codexLine(A, 'aaaa'));
    await book.refresh();
    expect(book.explicitName(B)).toBeNull();
    await writeFile(path(), codexLine(C, 'cccc'));
    // File times are coarse: make sure this same-size rewrite does not look untouched.
    await utimes(path(), new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    await book.refresh();
    expect(book.explicitName(C)).toBe('cccc');
    expect(book.explicitName(A)).toBeNull();
  });

  it('reads a file renamed over it whole even when it only grew', async () => {
    const book = new NameBook(home);
    await writeFile(path(), codexLine(A, 'aaaa'));
    await book.refresh();
    await writeFile(`${path()}.tmp`, codexLine(B, 'bbbb') + codexLine(C, 'cccc'));
    await rename(`${path()}.tmp`, path());
    await book.refresh();
    expect(book.explicitName(A)).toBeNull();
    expect(book.explicitName(B)).toBe('bbbb');
    expect(book.explicitName(C)).toBe('cccc');
  });

  it('takes a last line without its newline, and reads it again once it is complete', async () => {
    const book = new NameBook(home);
    const line = codexLine(A, 'being written');
    await writeFile(path(), codexLine(B, 'b') + line.slice(0, 30));
    await book.refresh();
    expect(book.explicitName(A)).toBeUndefined();
    await appendFile(path(), line.slice(30, -1));
    await book.refresh();
    expect(book.explicitName(A)).toBe('being written');
    await appendFile(path(), `\n${codexLine(A, 'next')}`);
    await book.refresh();
    expect(book.explicitName(A)).toBe('next');
    expect(book.explicitName(B)).toBe('b');
  });
});
