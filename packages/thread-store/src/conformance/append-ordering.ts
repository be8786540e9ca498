import { expect, it } from 'vitest';
import { createParams, expectStoreError, userMessage, userMessageText } from './fixtures';
import type { SuiteContext } from './suite-context';

export function appendOrderingTests(ctx: SuiteContext): void {
  it('keeps call order for concurrent appends to one thread', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    const texts = Array.from({ length: 40 }, (_, i) => `message ${i}`);
    await Promise.all(
      texts.map((text) => store.appendItems({ threadId: params.threadId, items: [userMessage(text)] })),
    );
    await store.flushThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(texts);
    await store.shutdownThread(params.threadId);
  });

  it('keeps the order inside one append call and across batches', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 6 }, (_, i) => userMessage(`batch ${b} item ${i}`)),
    );
    await Promise.all(batches.map((items) => store.appendItems({ threadId: params.threadId, items })));
    await store.shutdownThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(
      batches.flat().map((item) => userMessageText(item)),
    );
  });

  it('keeps concurrent appends to different threads apart', async () => {
    const store = ctx.store();
    const threads = [createParams(), createParams(), createParams()];
    for (const params of threads) await store.createThread(params);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 15; i++) {
      for (const [t, params] of threads.entries()) {
        calls.push(store.appendItems({ threadId: params.threadId, items: [userMessage(`t${t} #${i}`)] }));
      }
    }
    await Promise.all(calls);
    for (const [t, params] of threads.entries()) {
      await store.shutdownThread(params.threadId);
      const history = await store.loadHistory({ threadId: params.threadId });
      expect(history.items.map(userMessageText).filter(Boolean)).toEqual(
        Array.from({ length: 15 }, (_, i) => `t${t} #${i}`),
      );
    }
  });

  it('rejects a batch with one malformed item as a whole and keeps the earlier history', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('good')] });
    const bad = { type: 'event_msg', payload: { type: 'user_message', message: 42 } };
    const error = await expectStoreError(
      store.appendItems({ threadId: params.threadId, items: [userMessage('would be lost'), bad as never] }),
      'invalid_request',
    );
    expect(error.message).toContain('items[1]');
    await store.appendItems({ threadId: params.threadId, items: [userMessage('after')] });
    await store.shutdownThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(['good', 'after']);
  });

  it('keeps items of kinds it does not know verbatim', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    const future = { type: 'future_kind', payload: { zeta: 1, nested: { alpha: [1, 'two'] } } };
    await store.appendItems({ threadId: params.threadId, items: [userMessage('hi'), future] });
    await store.shutdownThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items[2]).toEqual(future);
  });
}
