import { describe, expect, it } from 'vitest';
import type { StoredThread } from '../types/stored-thread';
import { expectSameIds, expectSorted, listAllPages } from './paging';

// The suite's paging checks must catch the classic keyset bugs.
const thread = (id: string, createdAt: number) => ({ threadId: id, createdAt: new Date(createdAt) }) as StoredThread;
const tied = Array.from({ length: 5 }, (_, i) => thread(`id-${i}`, 1000));

/** A listing whose cursor is the timestamp alone: it skips every tie at a page edge. */
async function timestampOnlyCursor(params: { pageSize?: number; cursor?: string | null }) {
  const after = params.cursor ? tied.filter((t) => t.createdAt.getTime() < Number(params.cursor)) : tied;
  const items = after.slice(0, params.pageSize);
  const last = items[items.length - 1];
  return { items, nextCursor: after.length > items.length && last ? String(last.createdAt.getTime()) : null };
}

describe('conformance paging checks', () => {
  it('catch a cursor that skips tied threads', async () => {
    const check = async () => {
      const listed = await listAllPages(timestampOnlyCursor, { pageSize: 2 });
      expectSameIds(
        listed,
        tied.map((t) => t.threadId),
      );
    };
    await expect(check()).rejects.toThrow();
  });

  it('catch a cursor that hands out an empty last page', async () => {
    const trailing = async (params: { cursor?: string | null }) =>
      params.cursor ? { items: [], nextCursor: null } : { items: tied, nextCursor: 'more' };
    await expect(listAllPages(trailing, { pageSize: 5 })).rejects.toThrow(/empty page/);
  });

  it('catch a page larger than asked and a repeated thread', async () => {
    await expect(listAllPages(async () => ({ items: tied, nextCursor: null }), { pageSize: 2 })).rejects.toThrow(
      /larger than pageSize/,
    );
    expect(() => expectSameIds([tied[0]!, tied[0]!], [tied[0]!.threadId])).toThrow(/twice/);
  });

  it('catch values out of order', () => {
    expect(() => expectSorted([thread('a', 1), thread('b', 2)], 'created_at', 'desc')).toThrow();
    expect(() => expectSorted([thread('a', 2), thread('b', 1)], 'created_at', 'desc')).not.toThrow();
  });
});
