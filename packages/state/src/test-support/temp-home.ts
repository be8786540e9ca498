import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { IndexedThreadInput } from '../thread-input';
import { ThreadIndex, type ThreadIndexOptions } from '../thread-index';

/** A fresh directory per test, removed afterwards together with every index opened in it. */
export function useTempHomes(): {
  makeHome: () => string;
  openIndex: (options?: Partial<ThreadIndexOptions>) => ThreadIndex;
} {
  const homes: string[] = [];
  const indexes: ThreadIndex[] = [];
  afterEach(() => {
    for (const index of indexes.splice(0)) index.close();
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });
  const makeHome = () => {
    const home = mkdtempSync(join(tmpdir(), 'threadkit-state-'));
    homes.push(home);
    return home;
  };
  return {
    makeHome,
    openIndex: (options = {}) => {
      const index = ThreadIndex.open({ sqliteHome: options.sqliteHome ?? makeHome(), ...options });
      indexes.push(index);
      return index;
    },
  };
}

export const BASE_TIME = Date.UTC(2026, 0, 27, 12, 0, 0);

/** A listable thread (it has a preview) with a fresh id; override what the test is about. */
export function sampleThread(overrides: Partial<IndexedThreadInput> = {}): IndexedThreadInput & { threadId: string } {
  const threadId = overrides.threadId ?? randomUUID();
  return {
    threadId,
    rolloutPath: `/home/u/.codex/sessions/2026/01/27/rollout-2026-01-27T12-00-00-${threadId}.jsonl`,
    createdAt: BASE_TIME,
    preview: 'fix the flaky test',
    modelProvider: 'openai',
    cwd: '/work/project',
    source: 'cli',
    ...overrides,
  };
}
