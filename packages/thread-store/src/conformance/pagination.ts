import { expect, it } from 'vitest';
import type { SortDirection, ThreadSortKey } from '../types/common';
import { createParams, futureBase, seedThread } from './fixtures';
import { expectSameIds, expectSorted, listAll } from './paging';
import type { SuiteContext } from './suite-context';

const SORT_KEYS: ThreadSortKey[] = ['created_at', 'updated_at', 'recency_at'];
const DIRECTIONS: SortDirection[] = ['desc', 'asc'];
const PAGE_SIZES = [1, 4, 7];

export function paginationTests(ctx: SuiteContext): void {
  const forced = ctx.capabilities.metadataFromPatchesOnly;

  it.runIf(forced)(
    'never skips or repeats 30 threads with identical timestamps, for every sort key, direction and page size',
    async () => {
      const store = ctx.store();
      const tie = futureBase();
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        ids.push(await seedThread(store, { preview: `tied ${i}`, createdAt: tie, updatedAt: tie, recencyAt: tie }));
      }
      for (const sortKey of SORT_KEYS) {
        for (const sortDirection of DIRECTIONS) {
          const onePage = await store.listThreads({ pageSize: 100, sortKey, sortDirection, modelProviders: [] });
          expect(onePage.nextCursor).toBeNull();
          expectSameIds(onePage.items, ids);
          for (const pageSize of PAGE_SIZES) {
            const paged = await listAll(store, { pageSize, sortKey, sortDirection, modelProviders: [] });
            expectSameIds(paged, ids);
            // Ties are broken the same way on every page: paging does not change the order.
            expect(
              paged.map((t) => t.threadId),
              `${sortKey} ${sortDirection} by ${pageSize}`,
            ).toEqual(onePage.items.map((t) => t.threadId));
          }
        }
        const desc = await store.listThreads({ pageSize: 100, sortKey, sortDirection: 'desc', modelProviders: [] });
        const asc = await store.listThreads({ pageSize: 100, sortKey, sortDirection: 'asc', modelProviders: [] });
        expect(asc.items.map((t) => t.threadId)).toEqual(desc.items.map((t) => t.threadId).reverse());
      }
    },
    ctx.slowTestTimeoutMs,
  );

  it.runIf(forced)(
    'orders by the sort value with ties inside groups, across page boundaries',
    async () => {
      const store = ctx.store();
      const base = futureBase();
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        ids.push(
          await seedThread(store, {
            preview: `grouped ${i}`,
            createdAt: base + (i % 3) * 1000,
            updatedAt: base + (2 - (i % 5)) * 1000,
            recencyAt: base + 10_000 + (i % 4) * 1000,
          }),
        );
      }
      for (const sortKey of SORT_KEYS) {
        for (const sortDirection of DIRECTIONS) {
          for (const pageSize of PAGE_SIZES) {
            const all = await listAll(store, { pageSize, sortKey, sortDirection, modelProviders: [] });
            expectSameIds(all, ids);
            expectSorted(all, sortKey, sortDirection);
          }
        }
      }
      // desc is the default: the newest created group comes first.
      const first = await store.listThreads({ pageSize: 1, modelProviders: [] });
      expect(first.items[0]?.createdAt.getTime()).toBe(base + 2000);
    },
    ctx.slowTestTimeoutMs,
  );

  it(
    'pages through threads in their natural order, for every sort key and direction',
    async () => {
      const store = ctx.store();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await seedThread(store, { preview: `natural ${i}` }));
      for (const sortKey of SORT_KEYS) {
        for (const sortDirection of DIRECTIONS) {
          for (const pageSize of [1, 5]) {
            const all = await listAll(store, { pageSize, sortKey, sortDirection, modelProviders: [] });
            expectSameIds(all, ids);
            expectSorted(all, sortKey, sortDirection);
          }
        }
      }
    },
    ctx.slowTestTimeoutMs,
  );

  it('returns an empty last page marker: nextCursor is null exactly when nothing follows', async () => {
    const store = ctx.store();
    for (let i = 0; i < 4; i++) await seedThread(store, { preview: `edge ${i}` });
    const exact = await store.listThreads({ pageSize: 4, modelProviders: [] });
    expect(exact.items).toHaveLength(4);
    expect(exact.nextCursor).toBeNull();
    const partial = await store.listThreads({ pageSize: 3, modelProviders: [] });
    expect(partial.items).toHaveLength(3);
    expect(partial.nextCursor).not.toBeNull();
    const rest = await store.listThreads({ pageSize: 3, modelProviders: [], cursor: partial.nextCursor });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const empty = await ctx.store().listThreads({ pageSize: 5, archived: true, modelProviders: [] });
    expect(empty).toEqual({ items: [], nextCursor: null });
  });

  it('does not list threads without a preview', async () => {
    const store = ctx.store();
    const listed = await seedThread(store, { preview: 'has a preview' });
    const silent = createParams();
    await store.createThread(silent);
    await store.persistThread(silent.threadId);
    await store.shutdownThread(silent.threadId);
    const page = await store.listThreads({ pageSize: 10, modelProviders: [] });
    expect(page.items.map((t) => t.threadId)).toEqual([listed]);
    expect((await store.readThread({ threadId: silent.threadId })).preview).toBe('');
  });
}
