import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appendParamsFastPath } from './append-params-fast-path';
import { AppendThreadItemsParamsSchema } from './types/append-thread-items-params';

const ID = '0190F6B2-7C1E-7A33-9D3E-2B8C4F1A0E55';
const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** Every record of the real Codex homes in the repository, as history items. */
function fixtureItems(): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.jsonl') && entry.name.startsWith('rollout-')) {
        for (const text of readFileSync(path, 'utf8').split('\n')) {
          if (text.trim() === '') continue;
          const { timestamp: _, ordinal: __, ...item } = JSON.parse(text) as Record<string, unknown>;
          items.push(item);
        }
      }
    }
  };
  walk(FIXTURES);
  return items;
}

describe('appendParamsFastPath', () => {
  it('gives exactly what the zod schema gives for every record Codex wrote', () => {
    const items = fixtureItems();
    expect(items.length).toBeGreaterThan(50);
    const params = { threadId: ID, items };
    const fast = appendParamsFastPath(params);
    const zod = AppendThreadItemsParamsSchema.parse(params);
    expect(fast).toEqual(zod);
    fast!.items.forEach((item, i) => {
      expect(Object.keys(item)).toEqual(Object.keys(zod.items[i]!));
      expect(item).not.toBe(items[i]);
      expect(item.payload).toBe(items[i]!.payload);
    });
  });

  it('keeps unknown kinds, unknown keys and metadata as zod does', () => {
    const params = {
      threadId: ID,
      items: [
        { zeta: 1, type: 'future_kind', payload: 'anything', metadata: { a: 1 } },
        { type: 'response_item', payload: { type: 'future_item', x: 1 }, metadata: { turn_id: 't' }, extra: undefined },
      ],
    };
    const fast = appendParamsFastPath(params)!;
    expect(fast).toEqual(AppendThreadItemsParamsSchema.parse(params));
    expect(Object.keys(fast.items[0]!)).toEqual(['type', 'payload', 'metadata', 'zeta']);
    expect((fast.items[1] as { metadata?: unknown }).metadata).not.toBe(params.items[1]!.metadata);
  });

  it.each([
    ['a bad payload', { type: 'event_msg', payload: { type: 'user_message', message: 42 } }],
    ['an empty type', { type: '', payload: {} }],
    ['no payload', { type: 'event_msg' }],
    ['metadata that is not an object', { type: 'event_msg', payload: { type: 'agent_message', message: 'x' }, metadata: [] }],
    ['an item that is not a plain object', new Date()],
  ])('leaves params with %s to zod', (_, item) => {
    expect(appendParamsFastPath({ threadId: ID, items: [item] })).toBeUndefined();
  });

  it('leaves bad params to zod', () => {
    expect(appendParamsFastPath({ threadId: '../x', items: [] })).toBeUndefined();
    expect(appendParamsFastPath({ threadId: ID, items: 'nope' })).toBeUndefined();
    expect(appendParamsFastPath(null)).toBeUndefined();
  });
});
