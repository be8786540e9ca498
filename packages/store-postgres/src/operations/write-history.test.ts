import type { ThreadStore } from '@threadkit/thread-store';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FaultyBackend, faultyPGliteBackend, faultyServerBackend } from '../testing/faults';
import { createParams, messageTextsOf, userMessage } from '../testing/items';
import { lazyPGlite, REAL_SERVER_URL } from '../testing/test-databases';

const pglite = lazyPGlite();
afterAll(() => pglite.close());

const backends: Array<{ name: string; make: () => Promise<FaultyBackend> }> = [
  { name: 'PGlite', make: async () => faultyPGliteBackend(await pglite.get()) },
];
const url = REAL_SERVER_URL;
if (url) backends.push({ name: 'PostgreSQL', make: async () => faultyServerBackend(url) });

async function startedThread(store: ThreadStore, ...messages: string[]): Promise<string> {
  const params = createParams();
  await store.createThread(params);
  await store.appendItems({ threadId: params.threadId, items: messages.map(userMessage) });
  return params.threadId;
}

const historyTexts = async (store: ThreadStore, threadId: string) =>
  messageTextsOf((await store.loadHistory({ threadId })).items);

for (const { name, make } of backends) {
  describe(`appends across a dropped connection (${name})`, () => {
    let backend: FaultyBackend;
    let store: ThreadStore;
    beforeEach(async () => {
      backend = await make();
      store = await backend.open();
    });
    afterEach(() => backend.cleanup());

    it('retries a write whose connection dropped before its items arrived: stored once, in order', async () => {
      const threadId = await startedThread(store, 'one');
      backend.dropBeforeItems();
      await store.appendItems({ threadId, items: [userMessage('two'), userMessage('three')] });
      expect(backend.armedFaults()).toBe(0);
      await store.appendItems({ threadId, items: [userMessage('four')] });
      expect(await historyTexts(store, threadId)).toEqual(['one', 'two', 'three', 'four']);
    });

    it('recognises its own commit when only the acknowledgement was lost: nothing is written twice', async () => {
      const threadId = await startedThread(store, 'one');
      backend.dropAfterCommit();
      await store.appendItems({ threadId, items: [userMessage('two'), userMessage('three')] });
      expect(backend.armedFaults()).toBe(0);
      await store.appendItems({ threadId, items: [userMessage('four')] });
      await store.shutdownThread(threadId);
      expect(await historyTexts(store, threadId)).toEqual(['one', 'two', 'three', 'four']);
    });

    it('reports internal when the retry fails too, stores nothing, and the same append can be retried', async () => {
      const threadId = await startedThread(store, 'one');
      backend.dropBeforeItems();
      backend.dropBeforeItems();
      await expect(store.appendItems({ threadId, items: [userMessage('two')] })).rejects.toMatchObject({
        code: 'internal',
        message: expect.stringContaining('lost the connection'),
      });
      expect(await historyTexts(store, threadId)).toEqual(['one']);
      await store.appendItems({ threadId, items: [userMessage('two')] });
      await store.shutdownThread(threadId);
      expect(await historyTexts(store, threadId)).toEqual(['one', 'two']);
    });

    it('removes a failed append that did commit unseen, so a retry by the caller does not duplicate it', async () => {
      const threadId = await startedThread(store, 'one');
      // Both attempts commit (the retry finds the first one's rows) and both lose the answer.
      backend.dropAfterCommit();
      backend.dropAfterCommit();
      await expect(store.appendItems({ threadId, items: [userMessage('two')] })).rejects.toMatchObject({
        code: 'internal',
      });
      // The caller was told it failed, and retries it.
      await store.appendItems({ threadId, items: [userMessage('two')] });
      await store.appendItems({ threadId, items: [userMessage('three')] });
      await store.shutdownThread(threadId);
      expect(await historyTexts(store, threadId)).toEqual(['one', 'two', 'three']);
    });

    it('settles an unanswered append at flush: only acknowledged items remain', async () => {
      const threadId = await startedThread(store, 'one');
      backend.dropAfterCommit();
      backend.dropAfterCommit();
      await expect(store.appendItems({ threadId, items: [userMessage('unacknowledged')] })).rejects.toMatchObject({
        code: 'internal',
      });
      await store.flushThread(threadId);
      expect(await historyTexts(store, threadId)).toEqual(['one']);
      await store.appendItems({ threadId, items: [userMessage('two')] });
      await store.shutdownThread(threadId);
      expect(await historyTexts(store, threadId)).toEqual(['one', 'two']);
    });

    it('leaves nothing of a created thread whose first write never got an answer, once shut down', async () => {
      const params = createParams();
      await store.createThread(params);
      backend.dropAfterCommit();
      backend.dropAfterCommit();
      await expect(store.appendItems({ threadId: params.threadId, items: [userMessage('first')] })).rejects.toMatchObject(
        { code: 'internal' },
      );
      await store.shutdownThread(params.threadId);
      await expect(store.readThread({ threadId: params.threadId })).rejects.toMatchObject({ code: 'thread_not_found' });
      // The id is free again.
      await store.createThread(params);
      await store.discardThread(params.threadId);
    });

    it('materializes a created thread once when its first write is retried', async () => {
      const params = createParams();
      await store.createThread(params);
      backend.dropAfterCommit();
      await store.appendItems({ threadId: params.threadId, items: [userMessage('first')] });
      await store.shutdownThread(params.threadId);
      const history = await store.loadHistory({ threadId: params.threadId });
      expect(history.items.map((item) => item.type)).toEqual(['session_meta', 'event_msg']);
    });

    it('keeps concurrent appends in call order when one of their writes is retried', async () => {
      const threadId = await startedThread(store, 'm0');
      backend.dropBeforeItems();
      const texts = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
      await Promise.all(texts.map((text) => store.appendItems({ threadId, items: [userMessage(text)] })));
      await store.shutdownThread(threadId);
      expect(await historyTexts(store, threadId)).toEqual(['m0', ...texts]);
    });
  });
}
