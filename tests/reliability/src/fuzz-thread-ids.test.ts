import fc from 'fast-check';
import type { LocalThreadStore } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzHome, makeFuzzHome, openStores, outcome } from './support/fuzz-home';
import { sessionParams, userMessage } from './support/records';

/** Strings that have turned ids into paths elsewhere. */
const HOSTILE = [
  '',
  '.',
  '..',
  '../outside/keep.txt',
  '../home-sibling',
  '../../etc/passwd',
  '/etc/passwd',
  'sessions',
  '%2e%2e%2f',
  'a/../../b',
  'x\0y',
  '..\\..\\windows',
  '*',
  '?',
  ' ',
];

describe('fuzzed thread ids', () => {
  let fuzz: FuzzHome;
  let stores: { indexed: LocalThreadStore; unindexed: LocalThreadStore };
  const counts = new Map<string, number>();

  beforeAll(async () => {
    fuzz = makeFuzzHome();
    stores = await openStores(fuzz.temp.home);
  });
  afterAll(async () => {
    await stores.indexed.close();
    await stores.unindexed.close();
    fuzz.temp.cleanup();
  });

  it('are rejected or not found by every operation, and nothing is written outside the home (10,000 cases)', async () => {
    const known = fuzz.threadIds;
    const threadId = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.constantFrom(...known),
      fc.constantFrom(...HOSTILE),
      fc.tuple(fc.constantFrom(...known), fc.constantFrom(...HOSTILE, '/', '/../x', '.jsonl')).map(([id, suffix]) => id + suffix),
      fc.tuple(fc.constantFrom(...HOSTILE, '/', './'), fc.constantFrom(...known)).map(([prefix, id]) => prefix + id),
    );
    const operation = fc.constantFrom(
      'readThread',
      'loadHistory',
      'resumeThread',
      'createThread',
      'appendItems',
      'flushThread',
      'persistThread',
      'shutdownThread',
      'discardThread',
      'updateThreadMetadata',
      'archiveThread',
      'unarchiveThread',
    );
    await fc.assert(
      fc.asyncProperty(threadId, operation, fc.boolean(), async (id, op, indexed) => {
        const store = indexed ? stores.indexed : stores.unindexed;
        const allowed = ['invalid_request', 'thread_not_found', 'conflict'] as const;
        let result: string;
        switch (op) {
          case 'readThread':
            result = await outcome(store.readThread({ threadId: id, includeArchived: true }), allowed);
            break;
          case 'loadHistory':
            result = await outcome(store.loadHistory({ threadId: id, includeArchived: true }), allowed);
            break;
          case 'resumeThread':
            result = await outcome(store.resumeThread({ threadId: id }), allowed);
            // A successful resume writes nothing; release the writer again.
            if (result === 'ok') await store.discardThread(id);
            break;
          case 'createThread':
            result = await outcome(store.createThread(sessionParams(id)), allowed);
            if (result === 'ok') await store.discardThread(id);
            break;
          case 'appendItems':
            result = await outcome(store.appendItems({ threadId: id, items: [userMessage('fuzz')] }), allowed);
            break;
          case 'updateThreadMetadata':
            result = await outcome(store.updateThreadMetadata({ threadId: id, patch: { name: 'fuzzed id' }, includeArchived: true }), allowed);
            break;
          case 'archiveThread':
            result = await outcome(store.archiveThread({ threadId: id }), allowed);
            break;
          case 'unarchiveThread':
            result = await outcome(store.unarchiveThread({ threadId: id }), allowed);
            break;
          default:
            result = await outcome(store[op as 'flushThread'](id), allowed);
        }
        counts.set(result, (counts.get(result) ?? 0) + 1);
      }),
      { numRuns: 10_000 },
    );
    fuzz.expectNothingOutsideHomeChanged();
    // The fuzz reached every kind of outcome, so it exercised real paths, not just the parser.
    expect(counts.get('invalid_request')).toBeGreaterThan(0);
    expect(counts.get('thread_not_found')).toBeGreaterThan(0);
    expect(counts.get('ok')).toBeGreaterThan(0);
  }, 300_000);
});
