import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isThreadStoreError, LocalThreadStore, type ThreadStoreErrorCode } from '@threadkit/thread-store';
import { makeTempRoot, memoryBackedTempDir, snapshotTree, type TempRoot } from './temp-root';

const FIXTURE_HOME = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'codex-0.142', 'home');

/** A temp root whose home is a copy of the Codex 0.142 fixture home, and what lies outside the home. */
export interface FuzzHome {
  temp: TempRoot;
  /** Ids of the fixture's threads (active and archived). */
  threadIds: string[];
  /** Throws if anything outside the home was created, changed or removed. */
  expectNothingOutsideHomeChanged(): void;
}

export function makeFuzzHome(): FuzzHome {
  const temp = makeTempRoot('threadkit-fuzz-', memoryBackedTempDir());
  cpSync(FIXTURE_HOME, temp.home, { recursive: true, preserveTimestamps: true });
  const threadIds: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else {
        const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/.exec(entry.name)?.[1];
        if (id) threadIds.push(id);
      }
    }
  };
  walk(temp.home);
  const before = snapshotTree(temp.root, [temp.home]);
  return {
    temp,
    threadIds,
    expectNothingOutsideHomeChanged() {
      const after = snapshotTree(temp.root, [temp.home]);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
      if (changed.length > 0) throw new Error(`written outside the home: ${changed.join(', ')}`);
    },
  };
}

/**
 * Awaits a store call that fuzzed input may legitimately fail: returns `ok`
 * or the ThreadStoreError code when it is one of `allowed`; anything else
 * (another code, another error type) is rethrown as a counterexample.
 */
export async function outcome(call: Promise<unknown>, allowed: readonly ThreadStoreErrorCode[]): Promise<'ok' | ThreadStoreErrorCode> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (isThreadStoreError(error) && allowed.includes(error.code)) return error.code;
    throw error;
  }
}

export async function openStores(home: string) {
  return {
    indexed: await LocalThreadStore.open({ home, index: 'sqlite', reconcileIntervalMs: 0 }),
    unindexed: await LocalThreadStore.open({ home, index: 'none' }),
  };
}
