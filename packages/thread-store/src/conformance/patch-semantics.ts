import { expect, it } from 'vitest';
import type { ThreadStore } from '../thread-store';
import type { StoredThread } from '../types/stored-thread';
import { mergeThreadMetadataPatch, type ThreadMetadataPatch } from '../types/thread-metadata-patch';
import { createParams, expectStoreError, futureBase, newId, seedThread, userMessage } from './fixtures';
import type { SuiteContext } from './suite-context';

type ClearableField = 'name' | 'threadSource' | 'agentNickname' | 'agentRole' | 'agentPath';
const CLEARABLE_FIELDS: ClearableField[] = ['name', 'threadSource', 'agentNickname', 'agentRole', 'agentPath'];

async function persistedThread(store: ThreadStore): Promise<string> {
  const params = createParams();
  await store.createThread(params);
  await store.appendItems({ threadId: params.threadId, items: [userMessage('patch me')] });
  await store.shutdownThread(params.threadId);
  return params.threadId;
}

async function patch(store: ThreadStore, threadId: string, p: ThreadMetadataPatch): Promise<StoredThread> {
  const returned = await store.updateThreadMetadata({ threadId, patch: p });
  const read = await store.readThread({ threadId });
  // What the update returns is what a read sees.
  expect(returned).toEqual(read);
  return read;
}

export function patchSemanticsTests(ctx: SuiteContext): void {
  it.each(CLEARABLE_FIELDS)('%s: a value sets it, absence leaves it, null clears it', async (field) => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    expect((await patch(store, threadId, { [field]: 'first value' }))[field]).toBe('first value');
    expect((await patch(store, threadId, { memoryMode: 'disabled' }))[field]).toBe('first value');
    expect((await patch(store, threadId, { [field]: undefined }))[field]).toBe('first value');
    expect((await patch(store, threadId, { [field]: 'second value' }))[field]).toBe('second value');
    expect((await patch(store, threadId, { [field]: null }))[field]).toBeNull();
    expect((await patch(store, threadId, { memoryMode: 'enabled' }))[field]).toBeNull();
  });

  it('gitInfo: merged per field with the stored values; all cleared is no git info', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    let thread = await patch(store, threadId, {
      gitInfo: { sha: 'a1b2c3', branch: 'main', originUrl: 'https://example.com/repo.git' },
    });
    expect(thread.gitInfo).toEqual({
      commitHash: 'a1b2c3',
      branch: 'main',
      repositoryUrl: 'https://example.com/repo.git',
    });
    thread = await patch(store, threadId, { gitInfo: { branch: 'feature' } });
    expect(thread.gitInfo).toEqual({
      commitHash: 'a1b2c3',
      branch: 'feature',
      repositoryUrl: 'https://example.com/repo.git',
    });
    thread = await patch(store, threadId, { gitInfo: { sha: null } });
    expect(thread.gitInfo).toEqual({
      commitHash: null,
      branch: 'feature',
      repositoryUrl: 'https://example.com/repo.git',
    });
    thread = await patch(store, threadId, { name: 'unrelated' });
    expect(thread.gitInfo).toEqual({
      commitHash: null,
      branch: 'feature',
      repositoryUrl: 'https://example.com/repo.git',
    });
    thread = await patch(store, threadId, { gitInfo: { branch: null, originUrl: null } });
    expect(thread.gitInfo).toBeNull();
  });

  it('memoryMode: set both ways', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    expect((await patch(store, threadId, { memoryMode: 'disabled' })).memoryMode).toBe('disabled');
    expect((await patch(store, threadId, { memoryMode: 'enabled' })).memoryMode).toBe('enabled');
  });

  it.runIf(ctx.capabilities.metadataFromPatchesOnly)('sets every observed fact literally', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    const base = futureBase();
    const thread = await patch(store, threadId, {
      preview: 'patched preview',
      firstUserMessage: 'patched first message',
      modelProvider: 'patched-provider',
      model: 'gpt-patched',
      reasoningEffort: 'high',
      createdAt: new Date(base - 5000),
      updatedAt: new Date(base - 1000),
      source: 'exec',
      cwd: '/work/patched',
      cliVersion: '9.9.9',
      approvalMode: 'on-request',
      permissionProfile: { type: 'workspace-write' },
      tokenUsage: {
        input_tokens: 10,
        cached_input_tokens: 0,
        output_tokens: 5,
        reasoning_output_tokens: 0,
        total_tokens: 15,
      },
    });
    expect(thread).toMatchObject({
      preview: 'patched preview',
      firstUserMessage: 'patched first message',
      modelProvider: 'patched-provider',
      model: 'gpt-patched',
      reasoningEffort: 'high',
      source: 'exec',
      cwd: '/work/patched',
      cliVersion: '9.9.9',
      approvalMode: 'on-request',
      permissionProfile: { type: 'workspace-write' },
      tokenUsage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    });
    expect(thread.createdAt.getTime()).toBe(base - 5000);
    expect(thread.updatedAt.getTime()).toBe(base - 1000);
    // updatedAt is literal: it may move back.
    expect((await patch(store, threadId, { updatedAt: new Date(base - 3000) })).updatedAt.getTime()).toBe(base - 3000);
  });

  it.runIf(ctx.capabilities.metadataFromPatchesOnly)('moves recency only forward', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    const base = futureBase();
    expect((await patch(store, threadId, { advanceRecencyAt: new Date(base + 10_000) })).recencyAt.getTime()).toBe(
      base + 10_000,
    );
    expect((await patch(store, threadId, { advanceRecencyAt: new Date(base + 5000) })).recencyAt.getTime()).toBe(
      base + 10_000,
    );
    expect((await patch(store, threadId, { advanceRecencyAt: new Date(0) })).recencyAt.getTime()).toBe(base + 10_000);
    expect((await patch(store, threadId, { updatedAt: new Date(base) })).recencyAt.getTime()).toBe(base + 10_000);
    expect((await patch(store, threadId, { advanceRecencyAt: new Date(base + 20_000) })).recencyAt.getTime()).toBe(
      base + 20_000,
    );
  });

  it('applies a merged patch exactly like its parts in order', async () => {
    const store = ctx.store();
    const sequential = await persistedThread(store);
    const merged = await persistedThread(store);
    const first: ThreadMetadataPatch = {
      name: 'first name',
      agentRole: 'reviewer',
      gitInfo: { sha: 'abc', branch: 'main' },
      memoryMode: 'disabled',
    };
    const second: ThreadMetadataPatch = {
      name: null,
      agentNickname: 'scout',
      gitInfo: { branch: null, originUrl: 'https://example.com/x.git' },
    };
    await patch(store, sequential, first);
    const viaSequence = await patch(store, sequential, second);
    const viaMerge = await patch(store, merged, mergeThreadMetadataPatch(first, second));
    const facts = (t: StoredThread) => ({
      name: t.name,
      agentRole: t.agentRole,
      agentNickname: t.agentNickname,
      gitInfo: t.gitInfo,
      memoryMode: t.memoryMode,
    });
    expect(facts(viaMerge)).toEqual(facts(viaSequence));
    expect(facts(viaMerge)).toEqual({
      name: null,
      agentRole: 'reviewer',
      agentNickname: 'scout',
      gitInfo: { commitHash: 'abc', branch: null, repositoryUrl: 'https://example.com/x.git' },
      memoryMode: 'disabled',
    });
  });

  it('answers an observed-only patch for an unknown thread with thread_not_found and creates nothing', async () => {
    const store = ctx.store();
    const threadId = newId();
    const base = futureBase();
    await expectStoreError(
      store.updateThreadMetadata({
        threadId,
        patch: { preview: 'ghost', firstUserMessage: 'ghost', updatedAt: new Date(base), model: 'gpt-ghost' },
        includeArchived: true,
      }),
      'thread_not_found',
    );
    await expectStoreError(store.updateThreadMetadata({ threadId, patch: { name: 'ghost' } }), 'thread_not_found');
    await expectStoreError(store.readThread({ threadId, includeArchived: true }), 'thread_not_found');
    const page = await store.listThreads({ pageSize: 100, modelProviders: [], searchTerm: 'ghost' });
    expect(page.items).toEqual([]);
    // Nothing was reserved either: the id is still free.
    await store.createThread(createParams({ threadId }));
    await store.discardThread(threadId);
  });

  it('returns the thread unchanged for an empty patch', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    const before = await store.readThread({ threadId });
    expect(await store.updateThreadMetadata({ threadId, patch: {} })).toEqual(before);
    expect(await store.readThread({ threadId })).toEqual(before);
  });

  it('rejects a malformed patch as a whole: no field of it is applied', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    await patch(store, threadId, { name: 'kept name' });
    const error = await expectStoreError(
      store.updateThreadMetadata({ threadId, patch: { name: 'new name', model: 42 } as never }),
      'invalid_request',
    );
    expect(error.message).toContain('model');
    await expectStoreError(store.updateThreadMetadata({ threadId, patch: { name: '  ' } }), 'invalid_request');
    await expectStoreError(
      store.updateThreadMetadata({ threadId, patch: { name: 'x', renamedTo: 'typo' } as never }),
      'invalid_request',
    );
    await expectStoreError(
      store.updateThreadMetadata({ threadId, patch: { createdAt: new Date('not a date') } }),
      'invalid_request',
    );
    expect((await store.readThread({ threadId })).name).toBe('kept name');
  });

  it('does not let an observed title replace an explicit name', async () => {
    const store = ctx.store();
    const threadId = await persistedThread(store);
    await patch(store, threadId, { name: 'chosen by the user' });
    expect((await patch(store, threadId, { title: 'derived from history' })).name).toBe('chosen by the user');
  });

  it('materializes a created thread that has no history yet when its metadata is written', async () => {
    const store = ctx.store();
    const params = createParams();
    await store.createThread(params);
    const thread = await store.updateThreadMetadata({ threadId: params.threadId, patch: { name: 'early name' } });
    expect(thread.name).toBe('early name');
    await store.appendItems({ threadId: params.threadId, items: [userMessage('later')] });
    await store.shutdownThread(params.threadId);
    const history = await store.loadHistory({ threadId: params.threadId });
    expect(history.items[0]?.type).toBe('session_meta');
    expect((await store.readThread({ threadId: params.threadId })).name).toBe('early name');
  });

  it('names a seeded thread and finds it by its name', async () => {
    const store = ctx.store();
    const threadId = await seedThread(store, { preview: 'plain preview', name: 'distinctivename' });
    expect((await store.readThread({ threadId })).name).toBe('distinctivename');
    const page = await store.listThreads({ pageSize: 10, modelProviders: [], searchTerm: 'distinctivename' });
    expect(page.items.map((t) => t.threadId)).toEqual([threadId]);
  });
}
