import fc from 'fast-check';
import type { LocalThreadStore } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzHome, makeFuzzHome, openStores, outcome } from './support/fuzz-home';

const SORT_KEYS = ['created_at', 'updated_at', 'recency_at'] as const;
const DIRECTIONS = ['asc', 'desc'] as const;

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('fuzzed list cursors', () => {
  let fuzz: FuzzHome;
  let stores: { indexed: LocalThreadStore; unindexed: LocalThreadStore };
  /** Real cursors, taken from both stores for every sort. */
  const realCursors: string[] = [];
  const counts = new Map<string, number>();

  beforeAll(async () => {
    fuzz = makeFuzzHome();
    stores = await openStores(fuzz.temp.home);
    for (const store of [stores.indexed, stores.unindexed]) {
      for (const sortKey of SORT_KEYS) {
        for (const sortDirection of DIRECTIONS) {
          const page = await store.listThreads({ pageSize: 2, sortKey, sortDirection, modelProviders: [] });
          if (page.nextCursor) realCursors.push(page.nextCursor);
        }
      }
    }
  });
  afterAll(async () => {
    await stores.indexed.close();
    await stores.unindexed.close();
    fuzz.temp.cleanup();
  });

  it('give a page or invalid_request, never a crash, and write nothing outside the home (10,000 cases)', async () => {
    expect(realCursors.length).toBe(12);
    const idLike = fc.oneof(fc.uuid(), fc.constantFrom(...fuzz.threadIds), fc.string(), fc.constantFrom('../outside', '/etc/passwd'));
    const value = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e300), fc.string(), fc.constant(null));
    const cursor = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(...realCursors),
      // Well-formed envelopes around hostile bodies.
      fc.tuple(fc.constantFrom('c', 'u', 'r', 'x', ''), fc.constantFrom('a', 'd', 'z'), value, idLike).map((body) => `tk1.${base64url(JSON.stringify(body))}`),
      fc.jsonValue().map((body) => `tk1.${base64url(JSON.stringify(body))}`),
      fc.string().map((text) => `tk1.${base64url(text)}`),
      // Real cursors with a character changed, cut short or extended.
      fc.tuple(fc.constantFrom(...realCursors), fc.nat(), fc.string({ maxLength: 3 })).map(([real, at, text]) => {
        const i = at % real.length;
        return real.slice(0, i) + text + real.slice(i + 1);
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        cursor,
        fc.constantFrom(...SORT_KEYS),
        fc.constantFrom(...DIRECTIONS),
        fc.boolean(),
        fc.boolean(),
        async (text, sortKey, sortDirection, indexed, archived) => {
          const store = indexed ? stores.indexed : stores.unindexed;
          let page: Awaited<ReturnType<LocalThreadStore['listThreads']>> | undefined;
          const result = await outcome(
            store.listThreads({ cursor: text, sortKey, sortDirection, archived, pageSize: 3, modelProviders: [] }).then((p) => {
              page = p;
            }),
            ['invalid_request'],
          );
          counts.set(result, (counts.get(result) ?? 0) + 1);
          if (page) {
            expect(page.items.length).toBeLessThanOrEqual(3);
            for (const thread of page.items) expect(thread.archivedAt !== null).toBe(archived);
          }
        },
      ),
      { numRuns: 10_000 },
    );
    fuzz.expectNothingOutsideHomeChanged();
    expect(counts.get('ok')).toBeGreaterThan(0);
    expect(counts.get('invalid_request')).toBeGreaterThan(0);
  }, 300_000);
});
