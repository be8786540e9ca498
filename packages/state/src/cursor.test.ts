import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips through an opaque base64url string', () => {
    const position = { sortKey: 'recency_at' as const, direction: 'asc' as const, valueMs: 1_769_515_200_000, threadId: randomUUID() };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { sortKey: 'recency_at', direction: 'asc' })).toEqual(position);
  });

  it('rejects a cursor of another format version', () => {
    const cursor = Buffer.from(JSON.stringify({ v: 2, k: 'created_at', d: 'desc', t: 1, id: randomUUID() })).toString(
      'base64url',
    );
    expect(() => decodeCursor(cursor, { sortKey: 'created_at', direction: 'desc' })).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'cursor', message: expect.stringContaining('version 2') }),
    );
  });
});
