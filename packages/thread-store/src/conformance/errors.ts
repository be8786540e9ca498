import { expect, it } from 'vitest';
import type { ThreadStore } from '../thread-store';
import { createParams, expectStoreError, newId, seedThread, userMessage } from './fixtures';
import type { SuiteContext } from './suite-context';

const BAD_IDS = ['../x', '../../etc/passwd', '', 'not-a-uuid', '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e5', 42, null];

/** Every operation addressed by thread id, called with `id`. */
function callsWithId(store: ThreadStore, id: unknown): [string, () => Promise<unknown>][] {
  const threadId = id as string;
  return [
    ['createThread', () => store.createThread(createParams({ threadId }))],
    ['resumeThread', () => store.resumeThread({ threadId })],
    ['appendItems', () => store.appendItems({ threadId, items: [userMessage('x')] })],
    ['persistThread', () => store.persistThread(threadId)],
    ['flushThread', () => store.flushThread(threadId)],
    ['shutdownThread', () => store.shutdownThread(threadId)],
    ['discardThread', () => store.discardThread(threadId)],
    ['loadHistory', () => store.loadHistory({ threadId })],
    ['readThread', () => store.readThread({ threadId })],
    ['updateThreadMetadata', () => store.updateThreadMetadata({ threadId, patch: { name: 'x' } })],
    ['archiveThread', () => store.archiveThread({ threadId })],
    ['unarchiveThread', () => store.unarchiveThread({ threadId })],
    ['deleteThread', () => store.deleteThread({ threadId })],
  ];
}

export function errorTests(ctx: SuiteContext): void {
  it('rejects malformed thread ids on every operation with invalid_request naming threadId', async () => {
    const store = ctx.store();
    for (const id of BAD_IDS) {
      for (const [operation, call] of callsWithId(store, id)) {
        const error = await expectStoreError(call(), 'invalid_request');
        expect(error.field, `${operation}(${JSON.stringify(id)})`).toBe('threadId');
      }
    }
    expect((await store.listThreads({ pageSize: 10, modelProviders: [] })).items).toEqual([]);
  });

  it('rejects malformed ids inside params', async () => {
    const store = ctx.store();
    await expectStoreError(store.createThread(createParams({ forkedFromId: '../x' })), 'invalid_request');
    await expectStoreError(store.createThread(createParams({ parentThreadId: 'nope' })), 'invalid_request');
    await expectStoreError(store.listThreads({ relation: { directChildrenOf: '../x' } }), 'invalid_request');
  });

  it('answers operations on unknown threads with thread_not_found', async () => {
    const store = ctx.store();
    const threadId = newId();
    for (const [operation, call] of callsWithId(store, threadId)) {
      if (operation === 'createThread' || operation === 'discardThread') continue;
      const error = await expectStoreError(call(), 'thread_not_found');
      expect(error.message).toContain(threadId);
    }
  });

  it('rejects malformed cursors and cursors made for another sort', async () => {
    const store = ctx.store();
    for (let i = 0; i < 3; i++) await seedThread(store, { preview: `cursor ${i}` });
    for (const cursor of ['garbage', '2025-01-03T12:00:00.123Z', 'tk1.AAAA', '{"value":1}', ' ']) {
      await expectStoreError(store.listThreads({ cursor, modelProviders: [] }), 'invalid_request');
    }
    const page = await store.listThreads({ pageSize: 1, sortKey: 'created_at', modelProviders: [] });
    expect(page.nextCursor).not.toBeNull();
    await expectStoreError(
      store.listThreads({ pageSize: 1, sortKey: 'updated_at', cursor: page.nextCursor, modelProviders: [] }),
      'invalid_request',
    );
  });

  it('rejects malformed list params', async () => {
    const store = ctx.store();
    await expectStoreError(store.listThreads({ pageSize: 0 }), 'invalid_request');
    await expectStoreError(store.listThreads({ pageSize: 1.5 }), 'invalid_request');
    await expectStoreError(store.listThreads({ sortKey: 'name' as never }), 'invalid_request');
    await expectStoreError(store.listThreads({ sortDirection: 'sideways' as never }), 'invalid_request');
    await expectStoreError(store.listThreads({ searchTerm: '' }), 'invalid_request');
    await expectStoreError(store.listThreads({ cwdFilters: '/work' as never }), 'invalid_request');
  });

  it('allows one live writer per thread: a second create or resume is a conflict', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await expectStoreError(store.createThread(params), 'conflict');
    await store.appendItems({ threadId: params.threadId, items: [userMessage('first writer')] });
    await expectStoreError(store.resumeThread({ threadId: params.threadId }), 'conflict');
    await store.shutdownThread(params.threadId);
    // Creating over an existing thread is a conflict too: it would fork its identity.
    await expectStoreError(store.createThread(params), 'conflict');
    await store.resumeThread({ threadId: params.threadId });
    await expectStoreError(store.resumeThread({ threadId: params.threadId }), 'conflict');
    await store.shutdownThread(params.threadId);
  });

  it('refuses paginated history mode with unsupported', async () => {
    const store = ctx.store();
    const params = createParams({ historyMode: 'paginated' });
    await expectStoreError(store.createThread(params), 'unsupported');
    await store.createThread({ ...params, historyMode: 'legacy' });
    await store.discardThread(params.threadId);
  });

  it('rejects bad create params and creates nothing', async () => {
    const store = ctx.store();
    const params = createParams();
    await expectStoreError(store.createThread({ ...params, cwd: '' }), 'invalid_request');
    await expectStoreError(store.createThread({ ...params, source: undefined as never }), 'invalid_request');
    await expectStoreError(store.createThread({ ...params, memoryMode: 'sometimes' as never }), 'invalid_request');
    await store.createThread(params);
    await store.discardThread(params.threadId);
  });
}
