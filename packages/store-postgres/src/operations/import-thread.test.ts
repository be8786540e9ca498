import { type RolloutLine, serializeRolloutLine } from '@threadkit/protocol';
import { InMemoryThreadStore, type StoredThread } from '@threadkit/thread-store';
import { expect, it } from 'vitest';
import { createParams, messageTextsOf, userMessage } from '../testing/items';
import { describeOnEachBackend } from '../testing/test-databases';

/** A thread as another store reports it: named, archived, with timestamps of its own. */
async function threadFromElsewhere(): Promise<StoredThread> {
  const source = new InMemoryThreadStore();
  const params = createParams({ cwd: '/home/dev/app', modelProvider: 'openai', source: 'exec' });
  await source.createThread(params);
  await source.appendItems({ threadId: params.threadId, items: [userMessage('imported question')] });
  await source.updateThreadMetadata({
    threadId: params.threadId,
    patch: {
      name: 'Imported thread',
      preview: 'imported question',
      firstUserMessage: 'imported question',
      model: 'gpt-5',
      createdAt: new Date('2025-03-01T10:00:00.000Z'),
      updatedAt: new Date('2025-03-01T10:05:00.000Z'),
      advanceRecencyAt: new Date('2025-03-01T10:04:00.000Z'),
      gitInfo: { sha: 'abc123', branch: 'main' },
    },
  });
  await source.shutdownThread(params.threadId);
  await source.archiveThread({ threadId: params.threadId });
  return source.readThread({ threadId: params.threadId, includeArchived: true });
}

function linesOf(thread: StoredThread): RolloutLine[] {
  return [
    {
      timestamp: '2025-03-01T10:00:00.000Z',
      type: 'session_meta',
      payload: { id: thread.threadId, timestamp: '2025-03-01T10:00:00.000Z', cwd: thread.cwd, originator: 'codex_cli_rs' },
    },
    {
      timestamp: '2025-03-01T10:00:01.250Z',
      type: 'event_msg',
      payload: { type: 'user_message', message: 'imported question', images: [] },
      extra: { written_by: 'a newer codex' },
    },
  ] as unknown as RolloutLine[];
}

describeOnEachBackend('importThread', (backend) => {
  it('keeps timestamps, name, archive state and every line byte for byte', async () => {
    const store = await backend().open();
    const thread = await threadFromElsewhere();
    const lines = linesOf(thread);
    expect(await store.importThread({ thread, lines })).toBe('imported');

    const { history: _, ...expected } = thread;
    expect(await store.readThread({ threadId: thread.threadId, includeArchived: true })).toEqual(expected);
    const archived = await store.listThreads({ modelProviders: [], archived: true });
    expect(archived.items.map((t) => t.threadId)).toEqual([thread.threadId]);
    const stored = await backend().query<{ line: string }>(
      `SELECT line FROM "${backend().schema}".thread_items WHERE thread_id = $1 ORDER BY seq`,
      [thread.threadId],
    );
    expect(stored.map((row) => row.line)).toEqual(lines.map(serializeRolloutLine));
    const history = await store.loadHistory({ threadId: thread.threadId, includeArchived: true });
    // A line's unknown top-level field comes back as a field of its item.
    expect(history.items[1]).toEqual({ type: 'event_msg', payload: lines[1]!.payload, written_by: 'a newer codex' });
  });

  it('resumes an imported thread after its imported history', async () => {
    const store = await backend().open();
    const thread = await threadFromElsewhere();
    await store.importThread({ thread, lines: linesOf(thread) });
    await store.resumeThread({ threadId: thread.threadId, includeArchived: true });
    await store.appendItems({ threadId: thread.threadId, items: [userMessage('asked after the move')] });
    await store.shutdownThread(thread.threadId);
    const history = await store.loadHistory({ threadId: thread.threadId, includeArchived: true });
    expect(messageTextsOf(history.items)).toEqual(['imported question', 'asked after the move']);
  });

  it('refuses, skips or replaces an existing thread as asked', async () => {
    const store = await backend().open();
    const thread = await threadFromElsewhere();
    await store.importThread({ thread, lines: linesOf(thread) });
    await expect(store.importThread({ thread, lines: [] })).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.importThread({ thread, lines: [], ifExists: 'skip' })).toBe('skipped');
    expect((await store.loadHistory({ threadId: thread.threadId, includeArchived: true })).items).toHaveLength(2);
    const renamed = { ...thread, name: 'Renamed on reimport', archivedAt: null };
    expect(await store.importThread({ thread: renamed, lines: linesOf(thread).slice(0, 1), ifExists: 'replace' })).toBe(
      'replaced',
    );
    expect((await store.readThread({ threadId: thread.threadId })).name).toBe('Renamed on reimport');
    expect((await store.loadHistory({ threadId: thread.threadId })).items).toHaveLength(1);
  });

  it('refuses a thread another instance is writing', async () => {
    const writer = await backend().open();
    const importer = await backend().open();
    const thread = await threadFromElsewhere();
    await writer.createThread(createParams({ threadId: thread.threadId }));
    await expect(importer.importThread({ thread, lines: [] })).rejects.toMatchObject({ code: 'conflict' });
    await writer.discardThread(thread.threadId);
    expect(await importer.importThread({ thread, lines: [] })).toBe('imported');
  });

  it('rejects malformed input naming the field, and writes nothing', async () => {
    const store = await backend().open();
    const thread = await threadFromElsewhere();
    const lines = linesOf(thread);
    const noTimestamp = [lines[0], { ...lines[1], timestamp: 42 }] as unknown as RolloutLine[];
    await expect(store.importThread({ thread, lines: noTimestamp })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'lines[1].timestamp',
    });
    await expect(
      store.importThread({ thread: { ...thread, threadId: '../etc' }, lines }),
    ).rejects.toMatchObject({ code: 'invalid_request', field: 'thread.threadId' });
    await expect(store.readThread({ threadId: thread.threadId, includeArchived: true })).rejects.toMatchObject({
      code: 'thread_not_found',
    });
  });
});
