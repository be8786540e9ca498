import { describe, expect, it } from 'vitest';
import { StateError } from './errors';
import { sampleThread, useTempHomes } from './test-support/temp-home';

const { makeHome, openIndex } = useTempHomes();

describe('inserting a row only when the thread has none', () => {
  it('inserts a new row with the same defaults as an upsert', () => {
    const index = openIndex();
    const thread = sampleThread({ preview: 'from the rollout' });
    const { thread: stored, inserted } = index.insertThreadIfAbsent(thread);
    expect(inserted).toBe(true);
    expect(stored).toMatchObject({ threadId: thread.threadId, preview: 'from the rollout', historyMode: 'legacy' });
    expect(index.getThread(thread.threadId)).toEqual(stored);
  });

  it('keeps a row another connection wrote first, fields and all', () => {
    const sqliteHome = makeHome();
    const first = openIndex({ sqliteHome });
    const second = openIndex({ sqliteHome });
    const thread = sampleThread({ preview: 'from the rollout', model: null });
    // Another process creates the row and patches a fresh fact into it...
    first.upsertThread({ ...thread, preview: 'live preview' });
    first.patchThread(thread.threadId, { model: 'gpt-live', name: 'Named live' });
    // ...after this one built its row from the file: the file's older view must not win.
    const { thread: kept, inserted } = second.insertThreadIfAbsent(thread);
    expect(inserted).toBe(false);
    expect(kept).toMatchObject({ preview: 'live preview', model: 'gpt-live', name: 'Named live' });
    expect(second.getThread(thread.threadId)).toEqual(kept);
  });

  it('inserts a batch in one transaction and names the threads it inserted', () => {
    const index = openIndex();
    const existing = sampleThread({ preview: 'already indexed' });
    index.upsertThread(existing);
    const fresh = sampleThread();
    const inserted = index.insertThreadsIfAbsent([{ ...existing, preview: 'stale' }, fresh]);
    expect(inserted).toEqual([fresh.threadId]);
    expect(index.getThread(existing.threadId)?.preview).toBe('already indexed');
    expect(index.countThreads()).toEqual({ active: 2, archived: 0 });
  });

  it('rejects a bad row with invalid_request naming the field and writes nothing', () => {
    const index = openIndex();
    let error: unknown;
    try {
      index.insertThreadsIfAbsent([sampleThread(), { ...sampleThread(), createdAt: 'x' } as never]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StateError);
    expect(error).toMatchObject({ code: 'invalid_request', field: 'threads.1.createdAt' });
    expect(index.countThreads()).toEqual({ active: 0, archived: 0 });
  });
});
