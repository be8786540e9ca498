import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SortDirection, ThreadSortKey } from './cursor';
import { encodeCursor } from './cursor';
import type { IndexedThread } from './indexed-thread';
import type { ListIndexedThreadsParams } from './list-params';
import { BASE_TIME, sampleThread, useTempHomes } from './test-support/temp-home';
import type { ThreadIndex } from './thread-index';

const { openIndex } = useTempHomes();

const SORT_KEYS: ThreadSortKey[] = ['created_at', 'updated_at', 'recency_at'];
const DIRECTIONS: SortDirection[] = ['desc', 'asc'];

function pageThrough(index: ThreadIndex, params: ListIndexedThreadsParams): IndexedThread[] {
  const seen: IndexedThread[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = index.listThreads({ ...params, cursor });
    expect(page.items.length).toBeLessThanOrEqual(params.pageSize ?? 25);
    seen.push(...page.items);
    if (page.nextCursor === null) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

function ids(threads: readonly { threadId: string }[]): string[] {
  return threads.map((thread) => thread.threadId);
}

describe('keyset paging', () => {
  it.each(SORT_KEYS.flatMap((key) => DIRECTIONS.map((direction) => [key, direction] as const)))(
    '300 threads with identical timestamps, pages of 7, by %s %s: every id exactly once, in id order',
    (sortKey, sortDirection) => {
      const index = openIndex();
      const threads = Array.from({ length: 300 }, () =>
        sampleThread({ createdAt: BASE_TIME, updatedAt: BASE_TIME, recencyAt: BASE_TIME }),
      );
      index.upsertThreads(threads);
      const listed = ids(pageThrough(index, { pageSize: 7, sortKey, sortDirection }));
      expect(listed).toHaveLength(300);
      expect(new Set(listed).size).toBe(300);
      const expected = threads.map((thread) => thread.threadId).sort();
      expect(listed).toEqual(sortDirection === 'asc' ? expected : expected.reverse());
    },
  );

  it.each(SORT_KEYS)('orders mixed timestamps with ties by (%s, id) and resumes exactly after the cursor', (sortKey) => {
    const index = openIndex();
    const threads = Array.from({ length: 60 }, (_, i) =>
      sampleThread({
        createdAt: BASE_TIME + (i % 5) * 1000,
        updatedAt: BASE_TIME + (i % 3) * 1000,
        recencyAt: BASE_TIME + (i % 4) * 1000,
      }),
    );
    index.upsertThreads(threads);
    const sortValue = (thread: IndexedThread) =>
      (sortKey === 'created_at' ? thread.createdAt : sortKey === 'updated_at' ? thread.updatedAt : thread.recencyAt).getTime();
    for (const sortDirection of DIRECTIONS) {
      const listed = pageThrough(index, { pageSize: 4, sortKey, sortDirection });
      const expected = [...listed].sort((a, b) => {
        const byValue = sortValue(a) - sortValue(b) || (a.threadId < b.threadId ? -1 : 1);
        return sortDirection === 'asc' ? byValue : -byValue;
      });
      expect(ids(listed)).toEqual(ids(expected));
      expect(listed).toHaveLength(60);
    }
  });

  it('returns nextCursor null exactly when nothing follows', () => {
    const index = openIndex();
    index.upsertThreads(Array.from({ length: 6 }, () => sampleThread()));
    expect(index.listThreads({ pageSize: 6 }).nextCursor).toBeNull();
    const first = index.listThreads({ pageSize: 5 });
    expect(first.nextCursor).not.toBeNull();
    expect(first.nextAfter).toEqual({ value: BASE_TIME, threadId: first.items[4]?.threadId });
    const second = index.listThreads({ pageSize: 5, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(index.listThreads({ pageSize: 5, after: first.nextAfter })).toEqual(second);
  });

  it('does not skip a thread inserted at the page edge with a tying timestamp', () => {
    const index = openIndex();
    const threads = Array.from({ length: 4 }, (_, i) => sampleThread({ threadId: `00000000-0000-4000-8000-00000000000${i * 2}` }));
    index.upsertThreads(threads);
    const first = index.listThreads({ pageSize: 2, sortDirection: 'asc' });
    expect(ids(first.items)).toEqual([threads[0]?.threadId, threads[1]?.threadId]);
    const between = sampleThread({ threadId: '00000000-0000-4000-8000-000000000003' });
    index.upsertThread(between);
    const rest = index.listThreads({ pageSize: 10, sortDirection: 'asc', cursor: first.nextCursor });
    expect(ids(rest.items)).toEqual([between.threadId, threads[2]?.threadId, threads[3]?.threadId]);
  });
});

describe('filters', () => {
  it('lists active or archived threads, never both, and hides threads without a preview', () => {
    const index = openIndex();
    const active = sampleThread();
    const archived = sampleThread({ archivedAt: BASE_TIME });
    const silent = sampleThread({ preview: '' });
    index.upsertThreads([active, archived, silent]);
    expect(ids(index.listThreads().items)).toEqual([active.threadId]);
    expect(ids(index.listThreads({ archived: true }).items)).toEqual([archived.threadId]);
  });

  it('filters by source label', () => {
    const index = openIndex();
    const cli = sampleThread({ source: 'cli' });
    const exec = sampleThread({ source: 'exec' });
    const atlas = sampleThread({ source: { custom: 'atlas' } });
    const review = sampleThread({ source: { subagent: 'review' } });
    index.upsertThreads([cli, exec, atlas, review]);
    const listed = (allowedSources: ListIndexedThreadsParams['allowedSources']) =>
      ids(index.listThreads({ allowedSources }).items).sort();
    expect(listed(['cli', { custom: 'atlas' }])).toEqual([cli.threadId, atlas.threadId].sort());
    expect(listed([{ subagent: 'review' }])).toEqual([review.threadId]);
    expect(listed([])).toHaveLength(4);
    expect(listed(undefined)).toHaveLength(4);
  });

  it('applies the default-provider rule', () => {
    const index = openIndex({ defaultModelProvider: 'openai' });
    const openai = sampleThread({ modelProvider: 'openai' });
    const missing = sampleThread({ modelProvider: null });
    const azure = sampleThread({ modelProvider: 'azure' });
    index.upsertThreads([openai, missing, azure]);
    const listed = (modelProviders: ListIndexedThreadsParams['modelProviders']) =>
      ids(index.listThreads({ modelProviders }).items).sort();
    expect(listed(undefined)).toEqual([openai.threadId, missing.threadId].sort());
    expect(listed(null)).toEqual([openai.threadId, missing.threadId].sort());
    expect(listed([])).toEqual([openai.threadId, missing.threadId, azure.threadId].sort());
    expect(listed(['azure'])).toEqual([azure.threadId]);
    expect(listed(['azure', 'openai'])).toEqual([openai.threadId, missing.threadId, azure.threadId].sort());
  });

  it('uses the configured default provider', () => {
    const index = openIndex({ defaultModelProvider: 'azure' });
    const missing = sampleThread({ modelProvider: null });
    const azure = sampleThread({ modelProvider: 'azure' });
    index.upsertThreads([sampleThread({ modelProvider: 'openai' }), missing, azure]);
    expect(ids(index.listThreads().items).sort()).toEqual([missing.threadId, azure.threadId].sort());
  });

  it('filters by cwd list; an empty list matches nothing', () => {
    const index = openIndex();
    const a = sampleThread({ cwd: '/a' });
    const b = sampleThread({ cwd: '/b' });
    const c = sampleThread({ cwd: '/c' });
    index.upsertThreads([a, b, c]);
    expect(ids(index.listThreads({ cwdFilters: ['/a', '/c'] }).items).sort()).toEqual([a.threadId, c.threadId].sort());
    expect(index.listThreads({ cwdFilters: [] })).toEqual({ items: [], nextCursor: null, nextAfter: null });
    expect(index.listThreads({ cwdFilters: null }).items).toHaveLength(3);
  });

  it('filters by search term over name, title, preview and first user message', () => {
    const index = openIndex();
    const byName = sampleThread({ name: 'Quarterly report' });
    const byTitle = sampleThread({ title: 'quarterly numbers' });
    const byPreview = sampleThread({ preview: 'draft the QUARTERLY summary' });
    const byFirst = sampleThread({ firstUserMessage: 'Quarterly planning please' });
    const other = sampleThread({ preview: 'unrelated' });
    index.upsertThreads([byName, byTitle, byPreview, byFirst, other]);
    expect(ids(index.listThreads({ searchTerm: 'quarter' }).items).sort()).toEqual(
      [byName.threadId, byTitle.threadId, byPreview.threadId, byFirst.threadId].sort(),
    );
    expect(ids(index.listThreads({ searchTerm: 'quarterly report' }).items)).toEqual([byName.threadId]);
    expect(index.listThreads({ searchTerm: '   ' }).items).toHaveLength(5);
  });

  it('treats quotes and FTS operators in a search term as plain text', () => {
    const index = openIndex();
    const quoted = sampleThread({ preview: 'say "hello" to NEAR AND OR friends' });
    index.upsertThreads([quoted, sampleThread()]);
    for (const term of ['"hello', 'hello"', '"', 'NEAR(', 'AND', 'OR hello', '*', 'title:hello', '^hello', '(x', '-', 'a"b"c', "it's", '\\']) {
      expect(() => index.listThreads({ searchTerm: term }), term).not.toThrow();
    }
    expect(ids(index.listThreads({ searchTerm: '"hello' }).items)).toEqual([quoted.threadId]);
    expect(ids(index.listThreads({ searchTerm: 'NEAR AND' }).items)).toEqual([quoted.threadId]);
    expect(index.listThreads({ searchTerm: '***' }).items).toEqual([]);
  });

  it('lists direct children and all descendants through parent ids', () => {
    const index = openIndex();
    const root = sampleThread();
    const child = sampleThread({ parentThreadId: root.threadId });
    const grandchild = sampleThread({ parentThreadId: child.threadId });
    const unrelated = sampleThread();
    index.upsertThreads([root, child, grandchild, unrelated]);
    expect(ids(index.listThreads({ relation: { directChildrenOf: root.threadId } }).items)).toEqual([child.threadId]);
    expect(ids(index.listThreads({ relation: { descendantsOf: root.threadId } }).items).sort()).toEqual(
      [child.threadId, grandchild.threadId].sort(),
    );
    expect(index.listThreads({ relation: { descendantsOf: grandchild.threadId } }).items).toEqual([]);
  });

  it('ends the descendant walk when parent links form a cycle', () => {
    const index = openIndex();
    const a = sampleThread();
    const b = sampleThread({ parentThreadId: a.threadId });
    index.upsertThreads([a, b]);
    index.patchThread(a.threadId, { parentThreadId: b.threadId });
    expect(ids(index.listThreads({ relation: { descendantsOf: a.threadId } }).items)).toEqual([b.threadId]);
  });

  it('combines filters with paging', () => {
    const index = openIndex();
    const matching = Array.from({ length: 9 }, () => sampleThread({ cwd: '/p', source: 'exec', preview: 'deploy it' }));
    index.upsertThreads([...matching, ...Array.from({ length: 9 }, () => sampleThread({ cwd: '/q', preview: 'deploy it' }))]);
    const listed = pageThrough(index, { pageSize: 2, cwdFilters: ['/p'], allowedSources: ['exec'], searchTerm: 'deploy' });
    expect(ids(listed).sort()).toEqual(ids(matching).sort());
  });
});

describe('bad list parameters', () => {
  function listError(params: unknown) {
    const index = openIndex();
    try {
      index.listThreads(params as ListIndexedThreadsParams);
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  }

  it.each([
    ['garbage', 'params.cursor'],
    ['', 'params.cursor'],
    ['eyJ2IjoyfQ', 'params.cursor'],
    [Buffer.from('[1,2,3]').toString('base64url'), 'params.cursor'],
    [Buffer.from('{"v":1,"k":"created_at","d":"desc","t":1.5,"id":"x"}').toString('base64url'), 'params.cursor'],
    ['%%%', 'params.cursor'],
  ])('rejects the malformed cursor %j as invalid_request', (cursor, field) => {
    expect(listError({ cursor })).toMatchObject({ code: 'invalid_request', field });
  });

  it('rejects a cursor made for another sort', () => {
    const cursor = encodeCursor({ sortKey: 'updated_at', direction: 'desc', valueMs: 1, threadId: randomUUID() });
    expect(listError({ cursor, sortKey: 'created_at' })).toMatchObject({ code: 'invalid_request', field: 'params.cursor' });
    expect(listError({ cursor, sortKey: 'updated_at', sortDirection: 'asc' })).toMatchObject({
      field: 'params.cursor',
    });
  });

  it.each([
    [{ pageSize: 0 }, 'params.pageSize'],
    [{ pageSize: 1.5 }, 'params.pageSize'],
    [{ pageSize: 10_001 }, 'params.pageSize'],
    [{ sortKey: 'name' }, 'params.sortKey'],
    [{ sortDirection: 'up' }, 'params.sortDirection'],
    [{ archived: 'yes' }, 'params.archived'],
    [{ modelProviders: 'openai' }, 'params.modelProviders'],
    [{ cwdFilters: [1] }, 'params.cwdFilters.0'],
    [{ allowedSources: [42] }, 'params.allowedSources.0'],
    [{ relation: { childrenOf: randomUUID() } }, 'params.relation'],
    [{ relation: { descendantsOf: 'x' } }, 'params.relation.descendantsOf'],
    [{ searchTerm: 'x'.repeat(1001) }, 'params.searchTerm'],
    [{ archive: true }, 'params.archive'],
    [{ after: { value: 1, threadId: randomUUID() }, cursor: 'abc' }, 'params.after'],
  ])('rejects %j naming %s', (params, field) => {
    expect(listError(params)).toMatchObject({ code: 'invalid_request', field });
  });
});
