import { describe, expect, it } from 'vitest';
import { ThreadStoreError } from '../errors';
import { InMemoryThreadStore } from '../in-memory/in-memory-thread-store';
import { LiveThread } from './live-thread';
import { drainEventLoop, track } from './testing/async-probe';
import { ControlledThreadStore } from './testing/controlled-thread-store';
import { createParams, userMessage } from './testing/items';

// Every metadata update waits for the test to release or fail it, so these
// tests see exactly which store calls happened, in which order.
async function heldLiveThread() {
  const store = new ControlledThreadStore(new InMemoryThreadStore(), { holdMetadata: true });
  const live = await LiveThread.create(store, createParams());
  return { store, live };
}

describe('LiveThread metadata worker', () => {
  it('returns from append once history is accepted, while the metadata update is still held', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('first message')]);
    const attempt = await store.nextMetadataUpdate();

    expect(store.calls.appendItems).toBe(1);
    expect(store.calls.updateThreadMetadata).toBe(0);
    expect(attempt.params.patch.preview).toBe('first message');
    expect(attempt.params.includeArchived).toBe(true);

    attempt.release();
    await live.flush();
    expect(store.calls.updateThreadMetadata).toBe(1);
  });

  it('coalesces appends while an update is in flight, and a barrier does not wait for later appends', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('first message')]);
    const first = await store.nextMetadataUpdate();
    await live.appendItems([userMessage('second message')]);
    await live.appendItems([userMessage('third message')]);
    await drainEventLoop();
    expect(store.metadataAttempts).toBe(1);

    first.release();
    const second = await store.nextMetadataUpdate();
    const flush = track(live.flush());
    await drainEventLoop();
    expect(flush.settled).toBe(false);

    await live.appendItems([userMessage('accepted after the flush barrier')]);
    second.release();
    await flush.promise;
    const third = await store.nextMetadataUpdate();
    third.release();
    await live.flush();

    expect(store.calls.appendItems).toBe(4);
    expect(store.calls.updateThreadMetadata).toBe(3);
  });

  it('keeps a barrier waiting for the queued generation when the update in flight fails', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('first message')]);
    const first = await store.nextMetadataUpdate();
    await live.appendItems([userMessage('second message')]);
    const flush = track(live.flush());
    await drainEventLoop();
    expect(flush.settled).toBe(false);

    first.fail(ThreadStoreError.internal('superseded generation failed'));
    const queued = await store.nextMetadataUpdate();
    await drainEventLoop();
    expect(flush.settled).toBe(false);
    // The queued update carries the failed one's facts as well.
    expect(queued.params.patch.preview).toBe('first message');

    queued.release();
    await flush.promise;
    expect(store.calls.updateThreadMetadata).toBe(1);
  });

  it('retries a failed background update at each barrier and reports the barrier attempt', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('retry me')]);
    (await store.nextMetadataUpdate()).fail(ThreadStoreError.internal('background failure'));
    await drainEventLoop();

    const failingFlush = track(live.flush());
    (await store.nextMetadataUpdate()).fail(ThreadStoreError.conflict('barrier failure'));
    await expect(failingFlush.promise).rejects.toMatchObject({ code: 'conflict', message: /barrier failure/ });

    const laterFlush = track(live.flush());
    const retry = await store.nextMetadataUpdate();
    expect(retry.params.patch.preview).toBe('retry me');
    retry.release();
    await laterFlush.promise;
    expect(store.calls.updateThreadMetadata).toBe(1);
  });

  it('never fails an append because a derived update failed', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('one')]);
    (await store.nextMetadataUpdate()).fail(ThreadStoreError.internal('index unavailable'));
    await live.appendItems([userMessage('two')]);
    const retried = await store.nextMetadataUpdate();
    expect(retried.params.patch.preview).toBe('one');
    retried.release();
    await live.flush();
    expect(store.calls.appendItems).toBe(2);
  });

  it('waits for the update in flight before shutting the store down', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('finish before shutdown')]);
    const attempt = await store.nextMetadataUpdate();
    const shutdown = track(live.shutdown());
    await drainEventLoop();
    expect(shutdown.settled).toBe(false);
    expect(store.calls.shutdownThread).toBe(0);

    attempt.release();
    await shutdown.promise;
    expect(store.calls.shutdownThread).toBe(1);
  });

  it('closes the writer even when the last metadata write fails, and then reports it', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('doomed metadata')]);
    (await store.nextMetadataUpdate()).fail(ThreadStoreError.internal('first failure'));
    const shutdown = track(live.shutdown());
    (await store.nextMetadataUpdate()).fail(ThreadStoreError.internal('second failure'));
    await expect(shutdown.promise).rejects.toThrow(/second failure/);
    expect(store.calls.shutdownThread).toBe(1);
  });

  it('waits for the update in flight before discarding, and writes nothing more', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('discard me')]);
    const attempt = await store.nextMetadataUpdate();
    const discard = track(live.discard());
    await drainEventLoop();
    expect(discard.settled).toBe(false);
    expect(store.calls.discardThread).toBe(0);

    attempt.fail(ThreadStoreError.internal('not reported by discard'));
    await discard.promise;
    expect(store.calls.discardThread).toBe(1);
    expect(store.metadataAttempts).toBe(1);
  });

  it('writes pending metadata before an explicit update and returns the updated thread', async () => {
    const { store, live } = await heldLiveThread();
    await live.appendItems([userMessage('name me')]);
    const derived = await store.nextMetadataUpdate();
    const update = track(live.updateMetadata({ name: 'Release plan' }));
    await drainEventLoop();
    expect(update.settled).toBe(false);

    derived.release();
    (await store.nextMetadataUpdate()).release();
    const thread = await update.promise;
    expect(thread.name).toBe('Release plan');
    expect(thread.preview).toBe('name me');
    expect(store.appliedPatches.map((patch) => patch.name)).toEqual([undefined, 'Release plan']);
  });

  it('makes a barrier cover appends called before it, even ones the caller did not await', async () => {
    const store = new ControlledThreadStore(new InMemoryThreadStore());
    const live = await LiveThread.create(store, createParams());
    let acceptAppend = () => {};
    const original = store.appendItems.bind(store);
    store.appendItems = async (params) => {
      await new Promise<void>((resolve) => (acceptAppend = resolve));
      return original(params);
    };
    const append = live.appendItems([userMessage('fire and forget')]);
    const flush = track(live.flush());
    await drainEventLoop();
    expect(flush.settled).toBe(false);

    acceptAppend();
    await flush.promise;
    expect(store.calls.updateThreadMetadata).toBe(1);
    expect((await live.readThread()).preview).toBe('fire and forget');
    await append;
  });

  it('observes appends in call order even when the store accepts them out of order', async () => {
    const store = new ControlledThreadStore(new InMemoryThreadStore());
    const live = await LiveThread.create(store, createParams());
    // Both appends reach the store in call order; the first one resolves last.
    let releaseFirst = () => {};
    const original = store.appendItems.bind(store);
    let calls = 0;
    store.appendItems = async (params) => {
      calls += 1;
      const accepted = original(params);
      if (calls === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
      return accepted;
    };
    const first = live.appendItems([userMessage('first in call order')]);
    const second = track(live.appendItems([userMessage('second in call order')]));
    await drainEventLoop();
    expect(second.settled).toBe(false);
    releaseFirst();
    await Promise.all([first, second.promise]);
    await live.flush();
    expect((await live.readThread()).preview).toBe('first in call order');
  });
});
