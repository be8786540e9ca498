import { describe, expect, it } from 'vitest';
import { isThreadStoreError } from '../errors';
import { InMemoryThreadStore } from '../in-memory/in-memory-thread-store';
import { LiveThread } from './live-thread';
import { ControlledThreadStore } from './testing/controlled-thread-store';
import {
  agentMessage,
  agentMessageDelta,
  createParams,
  goalUpdated,
  ManualClock,
  THREAD_ID,
  tokenCount,
  turnContext,
  turnStarted,
  userMessage,
} from './testing/items';

const TOUCH_INTERVAL_MS = 5000;

function setup() {
  const clock = new ManualClock();
  const inner = new InMemoryThreadStore({ now: clock.now });
  const store = new ControlledThreadStore(inner);
  const options = { now: clock.now, touchIntervalMs: TOUCH_INTERVAL_MS };
  return { clock, inner, store, options };
}

async function expectThreadNotFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isThreadStoreError(error, 'thread_not_found')).toBe(true);
}

/** A thread with one user turn, shut down, then reopened by a fresh store instance on the same backend. */
async function recordedThread(inner: InMemoryThreadStore, clock: ManualClock) {
  const live = await LiveThread.create(inner, createParams(), { now: clock.now });
  await live.appendItems([userMessage('original request'), turnContext(), agentMessage('done')]);
  await live.shutdown();
  return new ControlledThreadStore(new InMemoryThreadStore({ backend: inner.backend, now: clock.now }));
}

describe('LiveThread.create', () => {
  it('writes nothing until history exists: flush and shutdown leave no thread', async () => {
    const { store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.flush();
    await live.shutdown();
    expect(store.metadataAttempts).toBe(0);
    await expectThreadNotFound(store.readThread({ threadId: THREAD_ID }));
  });

  it('writes the creation facts together with the first history', async () => {
    const { clock, store, options } = setup();
    const createdAt = clock.now();
    const live = await LiveThread.create(
      store,
      createParams({
        threadSource: 'automation',
        git: { commitHash: 'abc123', branch: 'main', repositoryUrl: null },
        memoryMode: 'disabled',
      }),
      { ...options, cliVersion: '9.9.9' },
    );
    clock.advance(1000);
    await live.appendItems([userMessage('plan the release')]);
    await live.flush();

    expect(store.appliedPatches).toHaveLength(1);
    expect(store.appliedPatches[0]).toMatchObject({
      modelProvider: 'test-provider',
      createdAt,
      source: 'exec',
      threadSource: 'automation',
      agentNickname: null,
      cwd: '/work/repo',
      cliVersion: '9.9.9',
      gitInfo: { sha: 'abc123', branch: 'main' },
      memoryMode: 'disabled',
      preview: 'plan the release',
      updatedAt: clock.now(),
    });
    const thread = await live.readThread();
    expect(thread).toMatchObject({
      preview: 'plan the release',
      firstUserMessage: 'plan the release',
      cliVersion: '9.9.9',
      gitInfo: { commitHash: 'abc123', branch: 'main', repositoryUrl: null },
      memoryMode: 'disabled',
      updatedAt: clock.now(),
    });
  });

  it('persist materializes a thread without history and writes its creation facts', async () => {
    const { store, options } = setup();
    const live = await LiveThread.create(store, createParams({ cliVersion: '1.0.0' }), options);
    await live.persist();
    expect(store.metadataAttempts).toBe(1);
    expect((await live.readThread()).cliVersion).toBe('1.0.0');
  });

  it('observes only what the store persists: dropped events change nothing', async () => {
    const { store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([agentMessageDelta('tok')]);
    await live.flush();
    expect(store.calls.appendItems).toBe(1);
    expect(store.metadataAttempts).toBe(0);
  });

  it('rejects a bad touch interval before opening anything', async () => {
    const { store } = setup();
    await expect(LiveThread.create(store, createParams(), { touchIntervalMs: -1 })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'touchIntervalMs',
    });
    expect(store.calls.createThread).toBe(0);
  });
});

describe('LiveThread.resume', () => {
  it('writes nothing by resuming, flushing or shutting down', async () => {
    const { clock, inner } = setup();
    const store = await recordedThread(inner, clock);
    const before = await store.readThread({ threadId: THREAD_ID });
    clock.advance(60_000);

    const live = await LiveThread.resume(store, { threadId: THREAD_ID }, { now: clock.now });
    await live.flush();
    await live.shutdown();

    expect(store.calls.loadHistory).toBe(1);
    expect(store.metadataAttempts).toBe(0);
    expect(await store.readThread({ threadId: THREAD_ID })).toEqual(before);
  });

  it('writes what the history implies together with the first append', async () => {
    const { clock, inner } = setup();
    const store = await recordedThread(inner, clock);
    clock.advance(60_000);
    const live = await LiveThread.resume(store, { threadId: THREAD_ID }, { now: clock.now });
    await live.appendItems([agentMessage('back again')]);
    await live.flush();

    expect(store.appliedPatches).toHaveLength(1);
    expect(store.appliedPatches[0]).toMatchObject({
      preview: 'original request',
      firstUserMessage: 'original request',
      model: 'gpt-5',
      updatedAt: clock.now(),
    });
    expect(store.appliedPatches[0]).not.toHaveProperty('advanceRecencyAt');
  });

  it('uses history the caller already loaded instead of loading it again', async () => {
    const { clock, inner } = setup();
    const store = await recordedThread(inner, clock);
    const { items } = await inner.loadHistory({ threadId: THREAD_ID });
    const live = await LiveThread.resume(store, { threadId: THREAD_ID, history: items }, { now: clock.now });
    expect(store.calls.loadHistory).toBe(0);
    await live.appendItems([userMessage('a second request')]);
    await live.flush();
    // The preview fields come from the history: a later user message does not replace them.
    expect(store.appliedPatches[0]).toMatchObject({ preview: 'original request', title: 'original request' });
    expect((await live.readThread()).preview).toBe('original request');
  });

  it('fails for an unknown thread without opening a writer', async () => {
    const { store } = setup();
    await expectThreadNotFound(LiveThread.resume(store, { threadId: THREAD_ID }));
    expect(store.calls.resumeThread).toBe(0);
  });
});

describe('LiveThread metadata from appends', () => {
  it('keeps the first preview fields when later user messages arrive', async () => {
    const { clock, store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([userMessage('first request')]);
    clock.advance(TOUCH_INTERVAL_MS);
    await live.appendItems([userMessage('second request')]);
    await live.flush();
    expect(store.appliedPatches.map((patch) => patch.preview)).toEqual(['first request', undefined]);
    expect(await live.readThread()).toMatchObject({ preview: 'first request', firstUserMessage: 'first request' });
  });

  it('shows a goal that comes before the first user message as the preview', async () => {
    const { store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([goalUpdated('ship 2.0'), userMessage('start with the changelog')]);
    await live.flush();
    expect(store.appliedPatches[0]).toMatchObject({
      preview: 'ship 2.0',
      title: 'start with the changelog',
      firstUserMessage: 'start with the changelog',
    });
    expect(await live.readThread()).toMatchObject({ preview: 'ship 2.0', firstUserMessage: 'start with the changelog' });
  });

  it('coalesces touches to one per interval on the injected clock; a barrier writes the held one', async () => {
    const { clock, store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([userMessage('go')]);
    clock.advance(1000);
    await live.appendItems([agentMessage('working')]);
    clock.advance(1000);
    await live.appendItems([agentMessage('still working')]);
    expect(store.metadataAttempts).toBe(1);

    clock.advance(TOUCH_INTERVAL_MS);
    await live.appendItems([agentMessage('past the interval')]);
    expect(store.metadataAttempts).toBe(2);
    expect(store.appliedPatches[1]).toEqual({ updatedAt: clock.now() });

    clock.advance(1000);
    await live.appendItems([agentMessage('held again')]);
    expect(store.metadataAttempts).toBe(2);
    await live.flush();
    expect(store.metadataAttempts).toBe(3);
    expect((await live.readThread()).updatedAt).toEqual(clock.now());
  });

  it('moves recency on turn starts only; later output moves updatedAt alone', async () => {
    const { clock, store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([turnStarted(), userMessage('go')]);
    const turnStartedAt = clock.now();
    clock.advance(TOUCH_INTERVAL_MS);
    await live.appendItems([agentMessage('answer'), tokenCount(120)]);
    await live.flush();
    const thread = await live.readThread();
    expect(thread.recencyAt).toEqual(turnStartedAt);
    expect(thread.updatedAt).toEqual(clock.now());
    expect(thread.tokenUsage?.total_tokens).toBe(120);
  });

  it('reports an observed-only patch for a thread deleted behind its back, and creates nothing', async () => {
    const { clock, store, inner, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([userMessage('go')]);
    clock.advance(1);
    await live.appendItems([agentMessage('a held touch')]);
    await inner.deleteThread({ threadId: THREAD_ID });

    await expectThreadNotFound(live.updateMetadata({ name: 'never applied' }));
    await expectThreadNotFound(store.readThread({ threadId: THREAD_ID }));
  });

  it('passes reads and history through to the store', async () => {
    const { store, options } = setup();
    const live = await LiveThread.create(store, createParams(), options);
    await live.appendItems([userMessage('hello'), agentMessageDelta('dropped'), agentMessage('hi')]);
    const history = await live.loadHistory();
    expect(history.items.map((item) => item.type)).toEqual(['session_meta', 'event_msg', 'event_msg']);
    expect((await live.readThread({ includeHistory: true })).history?.items).toHaveLength(3);
  });
});
