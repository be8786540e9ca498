import { expect, it } from 'vitest';
import type { ThreadHistoryItem } from '../types/common';
import { StoredThreadSchema } from '../types/stored-thread';
import {
  agentMessage,
  createParams,
  expectStoreError,
  seedThread,
  tokenCount,
  transientItems,
  turnContext,
  userMessage,
  userMessageText,
} from './fixtures';
import type { SuiteContext } from './suite-context';

const agentMessageText = (item: ThreadHistoryItem | undefined): string | undefined =>
  (item?.payload as { message?: string } | undefined)?.message;

export function lifecycleTests(ctx: SuiteContext): void {
  it('creates lazily: nothing is readable, loadable or listed before history exists', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await expectStoreError(store.readThread({ threadId: params.threadId }), 'thread_not_found');
    await expectStoreError(store.loadHistory({ threadId: params.threadId }), 'thread_not_found');
    await store.flushThread(params.threadId);
    await expectStoreError(store.readThread({ threadId: params.threadId }), 'thread_not_found');
    const page = await store.listThreads({ pageSize: 100, modelProviders: [] });
    expect(page.items.map((t) => t.threadId)).not.toContain(params.threadId);
  });

  it('keeps a thread whose appends were all dropped by the persistence policy unmaterialized', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: transientItems() });
    await store.flushThread(params.threadId);
    await expectStoreError(store.readThread({ threadId: params.threadId }), 'thread_not_found');
  });

  it('leaves nothing behind when a created thread shuts down without history, so the id can be created again', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.shutdownThread(params.threadId);
    await expectStoreError(store.readThread({ threadId: params.threadId }), 'thread_not_found');
    await store.createThread(params);
    await store.persistThread(params.threadId);
    await store.shutdownThread(params.threadId);
    expect((await store.readThread({ threadId: params.threadId })).threadId).toBe(params.threadId);
  });

  it('uses the createdAt given at creation for the session_meta timestamp and the thread', async () => {
    const store = ctx.store();
    const createdAt = new Date('2026-03-04T05:06:07.089Z');
    const params = createParams({ createdAt });
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('created when?')] });
    await store.shutdownThread(params.threadId);
    const [meta] = (await store.loadHistory({ threadId: params.threadId })).items;
    expect(meta?.type).toBe('session_meta');
    expect((meta!.payload as { timestamp?: unknown }).timestamp).toBe('2026-03-04T05:06:07.089Z');
    expect((await store.readThread({ threadId: params.threadId })).createdAt).toEqual(createdAt);
  });

  it('materializes on persist: history is the session_meta written from the create params', async () => {
    const store = ctx.store();
    const parent = createParams();
    const params = createParams({
      parentThreadId: parent.threadId,
      source: { custom: 'conformance' },
      threadSource: 'automation',
      cwd: '/work/persisted',
      modelProvider: 'persist-provider',
      memoryMode: 'disabled',
    });
    await store.createThread(params);
    await store.persistThread(params.threadId);
    await store.persistThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.threadId).toBe(params.threadId);
    expect(history.items).toHaveLength(1);
    const [meta] = history.items;
    expect(meta?.type).toBe('session_meta');
    expect(meta?.payload).toMatchObject({
      id: params.threadId,
      parent_thread_id: parent.threadId,
      cwd: '/work/persisted',
      originator: 'threadkit_conformance',
      cli_version: '0.0.0-conformance',
      source: { custom: 'conformance' },
      thread_source: 'automation',
      model_provider: 'persist-provider',
      memory_mode: 'disabled',
    });
    const thread = await store.readThread({ threadId: params.threadId });
    expect(thread).toMatchObject({
      threadId: params.threadId,
      parentThreadId: parent.threadId,
      forkedFromId: null,
      cwd: '/work/persisted',
      modelProvider: 'persist-provider',
      source: { custom: 'conformance' },
      threadSource: 'automation',
      cliVersion: '0.0.0-conformance',
      historyMode: 'legacy',
      memoryMode: 'disabled',
      archivedAt: null,
    });
    expect(thread.createdAt).toBeInstanceOf(Date);
    expect(Number.isNaN(thread.createdAt.getTime())).toBe(false);
    expect(thread.history).toBeUndefined();
    await store.shutdownThread(params.threadId);
  });

  it('materializes on the first kept append and returns history in replay order', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.appendItems({
      threadId: params.threadId,
      items: [userMessage('first'), ...transientItems(), agentMessage('second')],
    });
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map((item) => item.type)).toEqual(['session_meta', 'event_msg', 'event_msg']);
    expect(userMessageText(history.items[1])).toBe('first');
    expect(agentMessageText(history.items[2])).toBe('second');
    const withHistory = await store.readThread({ threadId: params.threadId, includeHistory: true });
    expect(withHistory.history?.items).toEqual(history.items);
    await store.shutdownThread(params.threadId);
  });

  it('resumes after shutdown and appends after the earlier history', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('before')] });
    await store.shutdownThread(params.threadId);
    await expectStoreError(
      store.appendItems({ threadId: params.threadId, items: [userMessage('x')] }),
      'thread_not_found',
    );

    await store.resumeThread({ threadId: params.threadId });
    await store.appendItems({ threadId: params.threadId, items: [userMessage('after')] });
    await store.flushThread(params.threadId);
    await store.shutdownThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(['before', 'after']);
    expect(history.items.filter((item) => item.type === 'session_meta')).toHaveLength(1);
  });

  it('discards idempotently: unmaterialized threads vanish, durable history stays resumable', async () => {
    const store = ctx.store();
    const fresh = createParams();
    await store.createThread(fresh);
    await store.discardThread(fresh.threadId);
    await store.discardThread(fresh.threadId);
    await expectStoreError(store.readThread({ threadId: fresh.threadId }), 'thread_not_found');
    await expectStoreError(
      store.appendItems({ threadId: fresh.threadId, items: [userMessage('late')] }),
      'thread_not_found',
    );

    const durable = createParams();
    await store.createThread(durable);
    await store.appendItems({ threadId: durable.threadId, items: [userMessage('kept')] });
    await store.flushThread(durable.threadId);
    await store.discardThread(durable.threadId);
    await expectStoreError(
      store.appendItems({ threadId: durable.threadId, items: [userMessage('late')] }),
      'thread_not_found',
    );
    await store.resumeThread({ threadId: durable.threadId });
    await store.appendItems({ threadId: durable.threadId, items: [userMessage('resumed')] });
    await store.shutdownThread(durable.threadId);
    const history = await store.loadHistory({ threadId: durable.threadId });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(['kept', 'resumed']);

    // Discarding a thread nobody writes is a no-op, not an error.
    await store.discardThread(createParams().threadId);
  });

  it('never lets an append change metadata', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    await store.persistThread(params.threadId);
    const before = await store.readThread({ threadId: params.threadId });
    await store.appendItems({
      threadId: params.threadId,
      items: [turnContext('gpt-conformance'), userMessage('rename me please'), tokenCount(1234)],
    });
    await store.flushThread(params.threadId);
    const after = await store.readThread({ threadId: params.threadId });
    expect(after.name).toBeNull();
    if (ctx.capabilities.metadataFromPatchesOnly) {
      expect(after).toMatchObject({
        preview: before.preview,
        model: before.model,
        tokenUsage: before.tokenUsage,
        firstUserMessage: before.firstUserMessage,
        modelProvider: before.modelProvider,
        cwd: before.cwd,
      });
      expect(after.recencyAt.getTime()).toBe(before.recencyAt.getTime());
    }
    await store.shutdownThread(params.threadId);
  });

  it('returns detached values: mutating a result or an appended item changes nothing stored', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    const item = userMessage('original');
    await store.appendItems({ threadId: params.threadId, items: [item] });
    (item.payload as { message: string }).message = 'mutated after append';
    const history = await store.loadHistory({ threadId: params.threadId });
    (history.items[1]!.payload as { message: string }).message = 'mutated result';
    const reread = await store.loadHistory({ threadId: params.threadId });
    expect(userMessageText(reread.items[1])).toBe('original');
    await store.shutdownThread(params.threadId);
  });

  it('lists a seeded thread with the facts it was created with', async () => {
    const store = ctx.store();
    const threadId = await seedThread(store, { preview: 'listed thread', cwd: '/work/listed' });
    const page = await store.listThreads({ pageSize: 10, modelProviders: [] });
    const listed = page.items.find((t) => t.threadId === threadId);
    expect(listed).toMatchObject({ threadId, preview: 'listed thread', cwd: '/work/listed', archivedAt: null });
    expect(listed?.history).toBeUndefined();
    // Every field present, with the documented types (Dates, nulls for unknown values).
    for (const thread of [listed, await store.readThread({ threadId, includeHistory: true })]) {
      const check = StoredThreadSchema.safeParse(thread);
      expect(check.success, check.error?.message).toBe(true);
    }
  });
}
