import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LocalThreadStore } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzHome, makeFuzzHome, openStores, outcome } from './support/fuzz-home';
import { rolloutPaths } from './support/home-files';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures');
const KINDS = ['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted', 'world_state', 'token_usage_record', 'inter_agent_communication'];

/** Every line Codex 0.142 and 0.169 wrote in the fixtures: material for mutations. */
function fixtureLines(): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.jsonl') && entry.name.startsWith('rollout-')) lines.push(...readFileSync(path, 'utf8').split('\n').filter(Boolean));
    }
  };
  walk(FIXTURES);
  return lines;
}

describe('fuzzed rollout lines', () => {
  let fuzz: FuzzHome;
  let stores: { indexed: LocalThreadStore; unindexed: LocalThreadStore };
  let target: { path: string; threadId: string; head: string[] };
  const counts = new Map<string, number>();

  beforeAll(async () => {
    fuzz = makeFuzzHome();
    stores = await openStores(fuzz.temp.home);
    const path = rolloutPaths(fuzz.temp.home).find((p) => p.includes('/sessions/'))!;
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const threadId = /([0-9a-f-]{36})\.jsonl$/.exec(path)![1]!;
    // The session_meta and the user's first message: with them the thread stays identifiable and listed.
    const firstUser = lines.findIndex((line) => line.includes('"type":"user_message"'));
    target = { path, threadId, head: [lines[0]!, lines[firstUser]!] };
  });
  afterAll(async () => {
    await stores.indexed.close();
    await stores.unindexed.close();
    fuzz.temp.cleanup();
  });

  it('are skipped or read, never crash a read, list or search, and nothing is written outside the home (10,000 cases)', async () => {
    const real = fixtureLines();
    const mutated = fc
      .tuple(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.string({ maxLength: 6 }), fc.constantFrom('replace', 'cut', 'insert', 'truncate'))
      .map(([line, a, b, text, how]) => {
        const i = a % line.length;
        const j = Math.min(line.length, i + (b % 40));
        if (how === 'cut') return line.slice(0, i) + line.slice(j);
        if (how === 'insert') return line.slice(0, i) + text + line.slice(i);
        if (how === 'truncate') return line.slice(0, i);
        return line.slice(0, i) + text + line.slice(j);
      });
    const envelope = fc
      .record({
        timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), fc.integer()),
        type: fc.oneof(fc.constantFrom(...KINDS), fc.string()),
        payload: fc.oneof(fc.jsonValue(), fc.record({ type: fc.oneof(fc.string(), fc.constantFrom('user_message', 'message', 'token_count')) }, { requiredKeys: [] })),
        ordinal: fc.oneof(fc.nat(), fc.integer(), fc.string()),
      }, { requiredKeys: ['type'] })
      .map((value) => JSON.stringify(value));
    const line = fc.oneof(
      { weight: 4, arbitrary: mutated },
      { weight: 2, arbitrary: fc.constantFrom(...real) },
      { weight: 2, arbitrary: envelope },
      { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\r', '\u2028', '{', '[]', 'null', '"x"', '{"record_type":"state"}') },
    );
    // Listing and search scan every file of the home (without an index): a quarter of the cases.
    const operation = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('loadHistory', 'readThread') },
      { weight: 1, arbitrary: fc.constantFrom('listThreads', 'searchThreads') },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), operation, fc.boolean(), async (lines, keepHead, op, indexed) => {
        const body = keepHead ? [...target.head, ...lines] : lines;
        writeFileSync(target.path, `${body.join('\n')}${lines.length % 2 ? '\n' : ''}`);
        const store = indexed ? stores.indexed : stores.unindexed;
        // With its head intact the thread must stay readable. Without, it may be not found (a rollout
        // without the thread's session_meta holds no readable thread), never a crash nor another error.
        const allowed = keepHead ? ([] as const) : (['thread_not_found'] as const);
        let result: string;
        if (op === 'loadHistory') {
          let items: unknown[] = [];
          result = await outcome(
            store.loadHistory({ threadId: target.threadId }).then((history) => {
              items = history.items;
            }),
            allowed,
          );
          for (const item of items as { type: unknown; payload: unknown }[]) {
            expect(typeof item.type).toBe('string');
            expect(item.payload).not.toBeUndefined();
          }
          expect(items.length).toBeLessThanOrEqual(body.join('\n').split('\n').length);
        } else if (op === 'readThread') {
          result = await outcome(store.readThread({ threadId: target.threadId, includeHistory: true }), allowed);
        } else if (op === 'listThreads') {
          result = await outcome(store.listThreads({ pageSize: 50, modelProviders: [] }), []);
        } else {
          result = await outcome(store.searchThreads({ searchTerm: 'session', pageSize: 20 }), []);
        }
        counts.set(`${op} ${result}`, (counts.get(`${op} ${result}`) ?? 0) + 1);
      }),
      { numRuns: 10_000 },
    );
    fuzz.expectNothingOutsideHomeChanged();
    expect(counts.get('loadHistory ok')).toBeGreaterThan(1_000);
  }, 600_000);
});
