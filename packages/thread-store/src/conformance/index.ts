/**
 * @threadkit/thread-store/conformance — the behaviour every ThreadStore must
 * have, as a vitest suite. A store package runs it from one of its tests:
 *
 *   describeThreadStoreConformance({ name: 'my store', create: async () => ({ store: new MyStore() }) });
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { appendOrderingTests } from './append-ordering';
import { archiveAndDeleteTests } from './archive-and-delete';
import { errorTests } from './errors';
import { filterTests } from './filters';
import { lifecycleTests } from './lifecycle';
import { optionalOperationTests } from './optional-operations';
import { paginationTests } from './pagination';
import { patchSemanticsTests } from './patch-semantics';
import { raceTests } from './races';
import type { SuiteContext, ThreadStoreConformanceOptions, ThreadStoreConformanceTarget } from './suite-context';

export type {
  ThreadStoreConformanceCapabilities,
  ThreadStoreConformanceCreateContext,
  ThreadStoreConformanceOptions,
  ThreadStoreConformanceTarget,
} from './suite-context';

const DEFAULT_MODEL_PROVIDER = 'conformance-default-provider';

/** Registers the conformance suite for one store with vitest. Call it at the top level of a test file. */
export function describeThreadStoreConformance(options: ThreadStoreConformanceOptions): void {
  const caps = options.capabilities ?? {};
  let current: ThreadStoreConformanceTarget | undefined;
  const context: SuiteContext = {
    capabilities: {
      searchThreads: caps.searchThreads ?? false,
      listTurns: caps.listTurns ?? false,
      listItems: caps.listItems ?? false,
      readThreadByRolloutPath: caps.readThreadByRolloutPath ?? false,
      sharedBackend: caps.sharedBackend ?? false,
      metadataFromPatchesOnly: caps.metadataFromPatchesOnly ?? true,
      defaultModelProviderRule: caps.defaultModelProviderRule ?? true,
    },
    defaultModelProvider: DEFAULT_MODEL_PROVIDER,
    slowTestTimeoutMs: options.slowTestTimeoutMs ?? 60_000,
    target() {
      if (!current) throw new Error('the conformance store is only available inside a test');
      return current;
    },
    store() {
      return context.target().store;
    },
  };

  describe(`ThreadStore conformance: ${options.name}`, () => {
    beforeEach(async () => {
      current = await options.create({ defaultModelProvider: DEFAULT_MODEL_PROVIDER });
    });
    afterEach(async () => {
      const target = current;
      current = undefined;
      await target?.cleanup?.();
    });

    describe('lifecycle', () => lifecycleTests(context));
    describe('append ordering', () => appendOrderingTests(context));
    describe('patch semantics', () => patchSemanticsTests(context));
    describe('pagination', () => paginationTests(context));
    describe('filters', () => filterTests(context));
    describe('archive and delete', () => archiveAndDeleteTests(context));
    describe('errors', () => errorTests(context));
    describe('optional operations', () => optionalOperationTests(context));
    describe.runIf(context.capabilities.sharedBackend)('races between two instances', () => raceTests(context));
  });
}
