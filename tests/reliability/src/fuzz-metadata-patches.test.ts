import { isAbsolute, relative } from 'node:path';
import fc from 'fast-check';
import type { LocalThreadStore, StoredThread } from '@threadkit/thread-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzHome, makeFuzzHome, openStores, outcome } from './support/fuzz-home';
import { expectHistoryFilesIntact, rolloutPaths, snapshotHistoryFiles } from './support/home-files';

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

describe('fuzzed metadata patches', () => {
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

  it('are applied or rejected whole with invalid_request, never crash and write nothing outside the home (10,000 cases)', async () => {
    const garbage = fc.oneof(fc.anything(), fc.constant(null), fc.constant(undefined), fc.constant(Number.NaN), fc.object());
    const paths = fc.constantFrom('../outside/keep.txt', '../home-sibling/sessions/x.jsonl', '/etc/passwd', 'sessions/x.jsonl', '', ...rolloutPaths(fuzz.temp.home));
    const tokenUsage = fc.record({
      input_tokens: fc.integer(),
      cached_input_tokens: fc.integer(),
      output_tokens: fc.integer(),
      reasoning_output_tokens: fc.integer(),
      total_tokens: fc.integer(),
    });
    /** Per field: values of the right type (often valid, sometimes out of range or hostile). */
    const typed = {
      name: fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 60 }), fc.constant(null)),
      rolloutPath: paths,
      preview: fc.string(),
      title: fc.string(),
      modelProvider: fc.string(),
      model: fc.string(),
      reasoningEffort: fc.constantFrom('minimal', 'low', 'medium', 'high', 'xhigh', 'none', 'extreme'),
      createdAt: fc.date({ noInvalidDate: false }),
      updatedAt: fc.date({ noInvalidDate: false }),
      advanceRecencyAt: fc.date({ noInvalidDate: false }),
      source: fc.constantFrom('cli', 'vscode', 'exec', 'mcp', 'unknown', { custom: 'app' }, { subagent: 'review' }, { subagent: 42 }),
      threadSource: fc.oneof(fc.string(), fc.constant(null)),
      agentNickname: fc.oneof(fc.string(), fc.constant(null)),
      agentRole: fc.oneof(fc.string(), fc.constant(null)),
      agentPath: fc.oneof(fc.string(), fc.constant(null)),
      cwd: fc.string(),
      cliVersion: fc.string(),
      approvalMode: fc.constantFrom('never', 'on-request', 'on-failure', 'untrusted', 'sometimes'),
      permissionProfile: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.string()),
      tokenUsage,
      firstUserMessage: fc.string(),
      gitInfo: fc.record({ sha: fc.oneof(fc.string(), fc.constant(null)), branch: fc.oneof(fc.string(), fc.constant(null)), originUrl: fc.oneof(fc.string(), fc.constant(null)) }, { requiredKeys: [] }),
      memoryMode: fc.constantFrom('enabled', 'disabled'),
    };
    const anyTyped = fc.record(typed, { requiredKeys: [] });
    const withGarbage = fc.record(
      Object.fromEntries([...Object.entries(typed).map(([key, arb]) => [key, fc.oneof(arb, garbage)]), ['unknownField', garbage]]),
      { requiredKeys: [] },
    );
    // About a fifth of the patches are valid: each of those is a durable write, and a fuzz case costs them.
    const patch = fc.oneof({ weight: 2, arbitrary: anyTyped }, { weight: 6, arbitrary: withGarbage }, { weight: 2, arbitrary: garbage });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fuzz.threadIds),
        patch,
        fc.boolean(),
        fc.boolean(),
        async (threadId, candidate, includeArchived, indexed) => {
          const store = indexed ? stores.indexed : stores.unindexed;
          const before = snapshotHistoryFiles(fuzz.temp.home);
          let updated: StoredThread | undefined;
          const result = await outcome(
            store.updateThreadMetadata({ threadId, patch: candidate as never, includeArchived }).then((thread) => {
              updated = thread;
            }),
            ['invalid_request', 'thread_not_found'],
          );
          counts.set(result, (counts.get(result) ?? 0) + 1);
          // A rejected patch is rejected whole: not a byte of history changed.
          if (result !== 'ok') expect(snapshotHistoryFiles(fuzz.temp.home)).toEqual(before);
          if (updated?.rolloutPath) expect(isInside(updated.rolloutPath, fuzz.temp.home), updated.rolloutPath).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
    fuzz.expectNothingOutsideHomeChanged();
    await expectHistoryFilesIntact(fuzz.temp.home);
    for (const threadId of fuzz.threadIds) await stores.unindexed.readThread({ threadId, includeArchived: true });
    expect(counts.get('ok')).toBeGreaterThan(500);
    expect(counts.get('invalid_request')).toBeGreaterThan(100);
  }, 600_000);
});
