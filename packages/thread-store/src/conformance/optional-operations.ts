import { expect, it } from 'vitest';
import { optionalOperation, type OptionalThreadStoreOperation, supportsOperation } from '../thread-store';
import {
  agentMessage,
  assistantResponse,
  expectStoreError,
  newId,
  seedThread,
  turnComplete,
  turnStarted,
  userMessage,
} from './fixtures';
import { expectSameIds, listAllPages } from './paging';
import type { SuiteContext } from './suite-context';

const OPERATIONS: OptionalThreadStoreOperation[] = ['searchThreads', 'listTurns', 'listItems', 'readThreadByRolloutPath'];

function paramsFor(operation: OptionalThreadStoreOperation): unknown {
  if (operation === 'searchThreads') return { searchTerm: 'x' };
  if (operation === 'readThreadByRolloutPath') return { rolloutPath: `rollout-2026-01-01T00-00-00-${newId()}.jsonl` };
  return { threadId: newId() };
}

export function optionalOperationTests(ctx: SuiteContext): void {
  it('declares the optional operations it implements, and answers the others with unsupported', async () => {
    const store = ctx.store();
    expect(typeof store.apiVersion).toBe('number');
    expect(store.apiVersion).toBeGreaterThanOrEqual(1);
    for (const operation of OPERATIONS) {
      const claimed = ctx.capabilities[operation];
      expect(supportsOperation(store, operation), operation).toBe(claimed);
      if (claimed) continue;
      const params = paramsFor(operation);
      // Either the method is absent (optionalOperation throws) or the store throws unsupported itself.
      await expectStoreError(
        (async () => (optionalOperation(store, operation) as (p: unknown) => Promise<unknown>)(params))(),
        'unsupported',
      );
    }
  });

  it.runIf(ctx.capabilities.searchThreads)('searches metadata and content, with snippets and pages', async () => {
    const store = ctx.store();
    const search = optionalOperation(store, 'searchThreads');
    const byPreview = await seedThread(store, { preview: 'the kiwifruit question' });
    const byContent = await seedThread(store, {
      preview: 'unrelated opening',
      history: [agentMessage('an answer that mentions kiwifruit deep in the thread')],
    });
    const byResponse = await seedThread(store, {
      preview: 'another opening',
      history: [assistantResponse('model output about kiwifruit')],
    });
    await seedThread(store, { preview: 'nothing to see' });
    const archived = await seedThread(store, { preview: 'archived kiwifruit', archived: true });

    const page = await search({ searchTerm: 'kiwifruit', pageSize: 10 });
    expectSameIds(
      page.items.map((hit) => hit.thread),
      [byPreview, byContent, byResponse],
    );
    for (const hit of page.items) expect(hit.snippet.toLowerCase()).toContain('kiwifruit');
    expect(page.nextCursor).toBeNull();

    const paged = await listAllPages(
      async (p) => {
        const result = await search({ ...p, searchTerm: 'kiwifruit' });
        return { items: result.items.map((hit) => hit.thread), nextCursor: result.nextCursor };
      },
      { pageSize: 1 },
    );
    expectSameIds(paged, [byPreview, byContent, byResponse]);

    const inArchive = await search({ searchTerm: 'kiwifruit', archived: true });
    expectSameIds(
      inArchive.items.map((hit) => hit.thread),
      [archived],
    );
    expect((await search({ searchTerm: 'durian' })).items).toEqual([]);
    await expectStoreError(search({ searchTerm: '' }), 'invalid_request');
    await expectStoreError(search({ searchTerm: '   ' }), 'invalid_request');
    await expectStoreError(search({ searchTerm: 'kiwifruit', cursor: 'garbage' }), 'invalid_request');
  });

  it.runIf(ctx.capabilities.listTurns)('lists the turns of a thread in order', async () => {
    const store = ctx.store();
    const listTurns = optionalOperation(store, 'listTurns');
    const threadId = await seedThread(store, {
      preview: 'turns',
      history: [
        turnStarted('turn-1'),
        agentMessage('one'),
        turnComplete('turn-1', 'one'),
        turnStarted('turn-2'),
        userMessage('second question'),
        turnComplete('turn-2'),
      ],
    });
    const page = await listTurns({ threadId, pageSize: 10 });
    expect(page.turns.map((turn) => turn.turnId)).toEqual(['turn-1', 'turn-2']);
    expect(page.turns.every((turn) => turn.status === 'completed')).toBe(true);
    await expectStoreError(listTurns({ threadId: newId() }), 'thread_not_found');
    await expectStoreError(listTurns({ threadId: '../x' }), 'invalid_request');
  });

  it.runIf(ctx.capabilities.listItems)('lists the items of a thread', async () => {
    const store = ctx.store();
    const listItems = optionalOperation(store, 'listItems');
    const threadId = await seedThread(store, { preview: 'items', history: [agentMessage('reply')] });
    const page = await listItems({ threadId, pageSize: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    const ordinals = page.items.map((item) => item.itemOrdinal);
    expect([...ordinals].sort((a, b) => a - b)).toEqual(ordinals);
    await expectStoreError(listItems({ threadId: newId() }), 'thread_not_found');
  });

  it.runIf(ctx.capabilities.readThreadByRolloutPath)(
    'reads a thread by its rollout path, with history and archive rules',
    async () => {
      const store = ctx.store();
      const readByPath = optionalOperation(store, 'readThreadByRolloutPath');
      const threadId = await seedThread(store, { preview: 'found by path', history: [agentMessage('the answer')] });
      const { rolloutPath } = await store.readThread({ threadId });
      expect(rolloutPath, 'a store that reads by rollout path reports rollout paths').not.toBeNull();

      const byPath = await readByPath({ rolloutPath: rolloutPath! });
      expect(byPath).toMatchObject({ threadId, preview: 'found by path', rolloutPath });
      expect(byPath.history).toBeUndefined();
      const withHistory = await readByPath({ rolloutPath: rolloutPath!, includeHistory: true });
      expect(withHistory.history?.items).toEqual((await store.loadHistory({ threadId })).items);

      const missing = `${rolloutPath!.slice(0, -'.jsonl'.length)}-missing.jsonl`;
      await expectStoreError(readByPath({ rolloutPath: missing }), 'invalid_request');
      await expectStoreError(readByPath({ rolloutPath: '' }), 'invalid_request');

      await store.archiveThread({ threadId });
      const archivedPath = (await store.readThread({ threadId, includeArchived: true })).rolloutPath!;
      await expectStoreError(readByPath({ rolloutPath: archivedPath }), 'thread_not_found');
      const archived = await readByPath({ rolloutPath: archivedPath, includeArchived: true });
      expect(archived.threadId).toBe(threadId);
      expect(archived.archivedAt).not.toBeNull();
    },
  );
}
