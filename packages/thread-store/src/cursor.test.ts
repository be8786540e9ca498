import { describe, expect, it } from 'vitest';
import { decodeThreadListCursor, encodeThreadListCursor } from './cursor';
import { isThreadStoreError } from './errors';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';

describe('thread list cursor', () => {
  it('round-trips value and id for the same sort', () => {
    const cursor = encodeThreadListCursor({
      sortKey: 'updated_at',
      sortDirection: 'asc',
      value: 1_700_000_000_123,
      threadId: ID,
    });
    expect(cursor).toMatch(/^tk1\.[A-Za-z0-9_-]+$/);
    expect(decodeThreadListCursor(cursor, { sortKey: 'updated_at', sortDirection: 'asc' })).toEqual({
      sortKey: 'updated_at',
      sortDirection: 'asc',
      value: 1_700_000_000_123,
      threadId: ID,
    });
  });

  it('refuses a cursor made for another sort key or direction', () => {
    const cursor = encodeThreadListCursor({ sortKey: 'created_at', sortDirection: 'desc', value: 1, threadId: ID });
    for (const expected of [
      { sortKey: 'updated_at', sortDirection: 'desc' },
      { sortKey: 'created_at', sortDirection: 'asc' },
    ] as const) {
      try {
        decodeThreadListCursor(cursor, expected);
        expect.unreachable();
      } catch (error) {
        expect(isThreadStoreError(error, 'invalid_request')).toBe(true);
        expect((error as Error).message).toContain('made for sortKey created_at desc');
      }
    }
  });

  it.each([
    'garbage',
    'tk1.',
    'tk1.!!!',
    `tk1.${Buffer.from('{"a":1}').toString('base64url')}`,
    `tk1.${Buffer.from('["c","d",1.5,"x"]').toString('base64url')}`,
    `tk1.${Buffer.from('["c","d",1,"../etc"]').toString('base64url')}`,
    '2025-01-03T12:00:00.123Z',
  ])('rejects malformed cursor %j as invalid_request on the cursor field', (cursor) => {
    try {
      decodeThreadListCursor(cursor, { sortKey: 'created_at', sortDirection: 'desc' });
      expect.unreachable();
    } catch (error) {
      expect(isThreadStoreError(error, 'invalid_request')).toBe(true);
      expect((error as { field?: string }).field).toBe('cursor');
    }
  });
});
