import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LocalThreadStore, type StoredThread } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { makeFuzzHome, openStores, outcome } from './support/fuzz-home';
import { expectHistoryFilesIntact } from './support/home-files';

/** Characters that have broken line-based formats and terminals before. */
const TRICKY = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\0', '"', '\\', '\t', '\u001b[31m', '\uFEFF', '\uD800', '{"id":"x"}\n', ' '];

/**
 * Every rename rewrites nothing but re-reads session_index.jsonl, whose
 * length grows with each one: the 10,000 cases run as twenty homes of 500
 * renames each, so the suite stays linear.
 */
const HOMES = 20;
const CASES_PER_HOME = 500;

const name = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 4 })), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ minLength: 200, maxLength: 1_000 }),
  fc.constant(null),
);

async function fuzzOneHome(counts: Map<string, number>): Promise<void> {
  const fuzz = makeFuzzHome();
  const stores = await openStores(fuzz.temp.home);
  /** The last name each thread was given here (null: cleared). */
  const lastName = new Map<string, string | null>();
  try {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fuzz.threadIds), name, fc.boolean(), fc.nat(4), async (threadId, candidate, indexed, crossCheck) => {
        const store = indexed ? stores.indexed : stores.unindexed;
        let updated: StoredThread | undefined;
        const result = await outcome(
          store.updateThreadMetadata({ threadId, patch: { name: candidate }, includeArchived: true }).then((thread) => {
            updated = thread;
          }),
          ['invalid_request'],
        );
        counts.set(result, (counts.get(result) ?? 0) + 1);
        if (!updated) return;
        lastName.set(threadId, updated.name);
        if (candidate === null) expect(updated.name).toBeNull();
        else expect(typeof updated.name === 'string' && updated.name.trim() !== '').toBe(true);
        // In one case out of five, the other store (the other kind of index) reads the same name.
        if (crossCheck !== 0) return;
        const other = indexed ? stores.unindexed : stores.indexed;
        expect((await other.readThread({ threadId, includeArchived: true })).name).toBe(updated.name);
      }),
      { numRuns: CASES_PER_HOME },
    );
  } finally {
    await stores.indexed.close();
    await stores.unindexed.close();
  }
  try {
    fuzz.expectNothingOutsideHomeChanged();
    await expectHistoryFilesIntact(fuzz.temp.home);
    // A store opened afresh (no index) reads every last name back from the files alone.
    const fresh = await LocalThreadStore.open({ home: fuzz.temp.home, index: 'none' });
    for (const [threadId, expected] of lastName) expect((await fresh.readThread({ threadId, includeArchived: true })).name).toBe(expected);
    await fresh.close();
    expect(readFileSync(join(fuzz.temp.home, 'session_index.jsonl'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThan(100);
  } finally {
    fuzz.temp.cleanup();
  }
}

describe('fuzzed thread names', () => {
  it(`are stored whole or rejected, never break session_index.jsonl and never leave the home (${HOMES * CASES_PER_HOME} cases)`, async () => {
    const counts = new Map<string, number>();
    for (let home = 0; home < HOMES; home++) await fuzzOneHome(counts);
    expect((counts.get('ok') ?? 0) + (counts.get('invalid_request') ?? 0)).toBe(HOMES * CASES_PER_HOME);
    expect(counts.get('ok')).toBeGreaterThan(1_000);
    expect(counts.get('invalid_request')).toBeGreaterThan(0);
  }, 600_000);
});
