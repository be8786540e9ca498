import { expect, it } from 'vitest';
import { createParams, expectStoreError, newId, seedThread, userMessage, userMessageText } from './fixtures';
import type { SuiteContext } from './suite-context';

export function archiveAndDeleteTests(ctx: SuiteContext): void {
  it('archives: the thread leaves the active collection and is reachable only with includeArchived', async () => {
    const store = ctx.store();
    const threadId = await seedThread(store, { preview: 'to archive' });
    const other = await seedThread(store, { preview: 'stays active' });
    await store.archiveThread({ threadId });

    await expectStoreError(store.readThread({ threadId }), 'thread_not_found');
    await expectStoreError(store.loadHistory({ threadId }), 'thread_not_found');
    const archived = await store.readThread({ threadId, includeArchived: true, includeHistory: true });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(userMessageText(archived.history?.items[1])).toBe('to archive');
    expect((await store.loadHistory({ threadId, includeArchived: true })).items).toHaveLength(2);

    const active = await store.listThreads({ pageSize: 10, modelProviders: [] });
    expect(active.items.map((t) => t.threadId)).toEqual([other]);
    const archivedPage = await store.listThreads({ pageSize: 10, modelProviders: [], archived: true });
    expect(archivedPage.items.map((t) => t.threadId)).toEqual([threadId]);
    expect(archivedPage.items[0]?.archivedAt).toBeInstanceOf(Date);

    // Archiving again changes nothing.
    await store.archiveThread({ threadId });
    expect((await store.readThread({ threadId, includeArchived: true })).archivedAt).toEqual(archived.archivedAt);
    const again = await store.listThreads({ pageSize: 10, modelProviders: [], archived: true });
    expect(again.items.map((t) => t.threadId)).toEqual([threadId]);
  });

  it('unarchives: the thread comes back, returned fresh, and unarchiving an active thread is a no-op', async () => {
    const store = ctx.store();
    const threadId = await seedThread(store, { preview: 'round trip', name: 'kept through archive' });
    await store.archiveThread({ threadId });
    const restored = await store.unarchiveThread({ threadId });
    expect(restored).toMatchObject({ threadId, archivedAt: null, preview: 'round trip', name: 'kept through archive' });
    expect((await store.readThread({ threadId })).archivedAt).toBeNull();
    const active = await store.listThreads({ pageSize: 10, modelProviders: [] });
    expect(active.items.map((t) => t.threadId)).toEqual([threadId]);
    expect((await store.listThreads({ pageSize: 10, modelProviders: [], archived: true })).items).toEqual([]);
    expect((await store.unarchiveThread({ threadId })).archivedAt).toBeNull();
  });

  it('updates an archived thread only with includeArchived, and it stays archived', async () => {
    const store = ctx.store();
    const threadId = await seedThread(store, { preview: 'archived update' });
    await store.archiveThread({ threadId });
    await expectStoreError(store.updateThreadMetadata({ threadId, patch: { name: 'nope' } }), 'thread_not_found');
    const updated = await store.updateThreadMetadata({
      threadId,
      patch: { name: 'archived name' },
      includeArchived: true,
    });
    expect(updated.name).toBe('archived name');
    expect(updated.archivedAt).toBeInstanceOf(Date);
    expect((await store.readThread({ threadId, includeArchived: true })).name).toBe('archived name');
  });

  it('resumes an archived thread only with includeArchived', async () => {
    const store = ctx.store();
    const threadId = await seedThread(store, { preview: 'archived resume' });
    await store.archiveThread({ threadId });
    await expectStoreError(store.resumeThread({ threadId }), 'thread_not_found');
    await store.resumeThread({ threadId, includeArchived: true });
    await store.appendItems({ threadId, items: [userMessage('appended while archived')] });
    await store.shutdownThread(threadId);
    const history = await store.loadHistory({ threadId, includeArchived: true });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(['archived resume', 'appended while archived']);
  });

  it('deletes active and archived threads for good; a second delete is thread_not_found', async () => {
    const store = ctx.store();
    const active = await seedThread(store, { preview: 'delete me' });
    const archived = await seedThread(store, { preview: 'delete me too', archived: true });
    const survivor = await seedThread(store, { preview: 'survivor' });
    await store.deleteThread({ threadId: active });
    await store.deleteThread({ threadId: archived });
    for (const threadId of [active, archived]) {
      await expectStoreError(store.readThread({ threadId, includeArchived: true }), 'thread_not_found');
      await expectStoreError(store.loadHistory({ threadId, includeArchived: true }), 'thread_not_found');
      await expectStoreError(store.deleteThread({ threadId }), 'thread_not_found');
      await expectStoreError(
        store.updateThreadMetadata({ threadId, patch: { name: 'x' }, includeArchived: true }),
        'thread_not_found',
      );
    }
    const listed = await store.listThreads({ pageSize: 10, modelProviders: [] });
    expect(listed.items.map((t) => t.threadId)).toEqual([survivor]);
    expect((await store.listThreads({ pageSize: 10, modelProviders: [], archived: true })).items).toEqual([]);
    // The id is free again.
    await store.createThread(createParams({ threadId: active }));
    await store.persistThread(active);
    await store.shutdownThread(active);
    expect((await store.loadHistory({ threadId: active })).items).toHaveLength(1);
  });

  it('releases the live writer of a deleted thread', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('doomed')] });
    await store.deleteThread({ threadId: params.threadId });
    await expectStoreError(
      store.appendItems({ threadId: params.threadId, items: [userMessage('ghost')] }),
      'thread_not_found',
    );
    await expectStoreError(store.readThread({ threadId: params.threadId }), 'thread_not_found');
    await store.discardThread(params.threadId);
  });

  it('answers archive, unarchive and delete of unknown threads with thread_not_found', async () => {
    const store = ctx.store();
    const threadId = newId();
    await expectStoreError(store.archiveThread({ threadId }), 'thread_not_found');
    await expectStoreError(store.unarchiveThread({ threadId }), 'thread_not_found');
    await expectStoreError(store.deleteThread({ threadId }), 'thread_not_found');
  });
}
