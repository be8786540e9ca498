import type { ThreadId } from '@threadkit/protocol';
import { describe, expect, it } from 'vitest';
import { ThreadMetadataSync } from './thread-metadata-sync';
import { agentMessage, ManualClock, sessionMeta, THREAD_ID, tokenCount, turnStarted, userMessage } from './testing/items';

const threadId = THREAD_ID as ThreadId;
const TOUCH_INTERVAL_MS = 5000;

function resumed(history = [sessionMeta(), userMessage('resumed request')], clock = new ManualClock()) {
  return ThreadMetadataSync.forResume(threadId, history, { now: clock.now, touchIntervalMs: TOUCH_INTERVAL_MS });
}

describe('ThreadMetadataSync for a resumed thread', () => {
  it('keeps what the history implies pending, without a touch, until it is marked applied', () => {
    const sync = resumed();
    const update = sync.pendingUpdate();
    expect(update?.patch).toMatchObject({
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
      preview: 'resumed request',
      title: 'resumed request',
      firstUserMessage: 'resumed request',
    });
    expect(update?.patch).not.toHaveProperty('updatedAt');
    expect(sync.pendingUpdate()).toEqual(update);
    sync.markApplied(update!);
    expect(sync.pendingUpdate()).toBeUndefined();
  });

  it('holds the resume facts back from barriers until the first append, then writes them with it', () => {
    const clock = new ManualClock();
    const sync = resumed(undefined, clock);
    expect(sync.pendingUpdateForExistingHistory()).toBeUndefined();
    const update = sync.observeAppendedItems([agentMessage('hello again')]);
    expect(update?.patch).toMatchObject({ preview: 'resumed request', updatedAt: clock.now() });
    expect(sync.pendingUpdateForExistingHistory()).toEqual(update);
  });

  it('does not re-emit preview fields the history already had', () => {
    const sync = resumed();
    sync.markApplied(sync.pendingUpdate()!);
    const update = sync.observeAppendedItems([userMessage('a later request')]);
    expect(Object.keys(update!.patch)).toEqual(['updatedAt']);
  });
});

describe('ThreadMetadataSync for a created thread', () => {
  it('holds the creation patch back until history exists, except from an explicit write', () => {
    const clock = new ManualClock();
    const sync = ThreadMetadataSync.forCreate(threadId, { modelProvider: 'p', cwd: '/w' }, {
      now: clock.now,
      touchIntervalMs: TOUCH_INTERVAL_MS,
    });
    expect(sync.pendingUpdateForExistingHistory()).toBeUndefined();
    expect(sync.pendingUpdate()?.patch).toEqual({ modelProvider: 'p', cwd: '/w' });
    const update = sync.observeAppendedItems([userMessage('go')]);
    expect(update?.patch).toMatchObject({ modelProvider: 'p', cwd: '/w', preview: 'go', updatedAt: clock.now() });
  });
});

describe('ThreadMetadataSync touches and generations', () => {
  function applied(clock: ManualClock) {
    const sync = resumed([], clock);
    sync.markApplied(sync.observeAppendedItems([userMessage('first')])!);
    return sync;
  }

  it('coalesces touches within the interval; they stay pending for the next write', () => {
    const clock = new ManualClock();
    const sync = applied(clock);
    clock.advance(TOUCH_INTERVAL_MS - 1);
    expect(sync.observeAppendedItems([agentMessage('working')])).toBeUndefined();
    expect(sync.pendingUpdate()?.patch).toEqual({ updatedAt: clock.now() });
    clock.advance(1);
    expect(sync.observeAppendedItems([agentMessage('still working')])?.patch).toEqual({ updatedAt: clock.now() });
  });

  it('writes a touch at once when facts are pending or the items affect metadata', () => {
    const clock = new ManualClock();
    const sync = applied(clock);
    clock.advance(1);
    expect(sync.observeAppendedItems([tokenCount(42)])?.patch.tokenUsage?.total_tokens).toBe(42);
    clock.advance(1);
    // The token usage above was never marked applied: it is still a pending fact.
    expect(sync.observeAppendedItems([agentMessage('x')])?.patch.tokenUsage?.total_tokens).toBe(42);
  });

  it('advances recency on a turn start, together with the touch', () => {
    const clock = new ManualClock();
    const sync = applied(clock);
    clock.advance(1000);
    expect(sync.observeAppendedItems([turnStarted()])?.patch).toEqual({
      updatedAt: clock.now(),
      advanceRecencyAt: clock.now(),
    });
  });

  it('clears the pending patch only when the applied generation is the latest', () => {
    const clock = new ManualClock();
    const sync = resumed([], clock);
    const first = sync.observeAppendedItems([userMessage('one')])!;
    const second = sync.observeAppendedItems([tokenCount(3)])!;
    expect(second.generation).toBe(first.generation + 1);
    sync.markApplied(first);
    expect(sync.isAppliedThrough(first.generation)).toBe(true);
    expect(sync.isAppliedThrough(second.generation)).toBe(false);
    // The newer update still carries the older facts: it covers a failed older write too.
    expect(sync.pendingUpdate()?.patch).toMatchObject({ preview: 'one', tokenUsage: { total_tokens: 3 } });
    sync.markApplied(second);
    expect(sync.pendingUpdate()).toBeUndefined();
  });
});
