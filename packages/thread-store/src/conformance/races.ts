import { expect, it } from 'vitest';
import type { ThreadStore } from '../thread-store';
import { createParams, expectStoreError, futureBase, seedThread, userMessage, userMessageText } from './fixtures';
import type { SuiteContext } from './suite-context';

export function raceTests(ctx: SuiteContext): void {
  async function pair(): Promise<[ThreadStore, ThreadStore]> {
    const open = ctx.target().openSecondInstance;
    if (!open) throw new Error('capabilities.sharedBackend needs create() to return openSecondInstance');
    return [ctx.store(), await open()];
  }

  it('lets exactly one of two racing creates win; the loser gets conflict', async () => {
    const [a, b] = await pair();
    for (let round = 0; round < 5; round++) {
      const params = createParams();
      const results = await Promise.allSettled([a.createThread(params), b.createThread(params)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [loser] = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      await expectStoreError(Promise.reject(loser?.reason), 'conflict');
      const winner = results[0]?.status === 'fulfilled' ? a : b;
      await winner.discardThread(params.threadId);
    }
  });

  it('keeps the writer with its instance: the other one can neither resume nor append until it is released', async () => {
    const [a, b] = await pair();
    const params = createParams();
    await a.createThread(params);
    await a.appendItems({ threadId: params.threadId, items: [userMessage('from a')] });
    await expectStoreError(b.resumeThread({ threadId: params.threadId }), 'conflict');
    await expectStoreError(
      b.appendItems({ threadId: params.threadId, items: [userMessage('from b')] }),
      'thread_not_found',
    );
    await b.discardThread(params.threadId);
    await a.appendItems({ threadId: params.threadId, items: [userMessage('a still writes')] });
    await a.shutdownThread(params.threadId);

    await b.resumeThread({ threadId: params.threadId });
    await b.appendItems({ threadId: params.threadId, items: [userMessage('from b after a')] });
    await b.shutdownThread(params.threadId);
    const history = await a.loadHistory({ threadId: params.threadId });
    expect(history.items.map(userMessageText).filter(Boolean)).toEqual(['from a', 'a still writes', 'from b after a']);
  });

  it('keeps racing appends of two instances to their own threads in call order', async () => {
    const [a, b] = await pair();
    const pa = createParams();
    const pb = createParams();
    await a.createThread(pa);
    await b.createThread(pb);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 25; i++) {
      calls.push(a.appendItems({ threadId: pa.threadId, items: [userMessage(`a${i}`)] }));
      calls.push(b.appendItems({ threadId: pb.threadId, items: [userMessage(`b${i}`)] }));
    }
    await Promise.all(calls);
    await Promise.all([a.shutdownThread(pa.threadId), b.shutdownThread(pb.threadId)]);
    const expected = (prefix: string) => Array.from({ length: 25 }, (_, i) => `${prefix}${i}`);
    expect((await b.loadHistory({ threadId: pa.threadId })).items.map(userMessageText).filter(Boolean)).toEqual(
      expected('a'),
    );
    expect((await a.loadHistory({ threadId: pb.threadId })).items.map(userMessageText).filter(Boolean)).toEqual(
      expected('b'),
    );
  });

  it('loses no update when two instances patch different fields of one thread at once', async () => {
    const [a, b] = await pair();
    const threadId = await seedThread(a, { preview: 'contended' });
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        a.updateThreadMetadata({ threadId, patch: { name: `name ${round}`, gitInfo: { sha: `sha${round}` } } }),
        b.updateThreadMetadata({
          threadId,
          patch: { agentRole: `role ${round}`, gitInfo: { branch: `branch${round}` } },
        }),
      ]);
      const thread = await a.readThread({ threadId });
      expect(thread.name).toBe(`name ${round}`);
      expect(thread.agentRole).toBe(`role ${round}`);
      expect(thread.gitInfo).toMatchObject({ commitHash: `sha${round}`, branch: `branch${round}` });
    }
  });

  it.runIf(ctx.capabilities.metadataFromPatchesOnly)(
    'keeps the latest recency when two instances advance it at once',
    async () => {
      const [a, b] = await pair();
      const threadId = await seedThread(a, { preview: 'recency race' });
      const base = futureBase();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).updateThreadMetadata({ threadId, patch: { advanceRecencyAt: new Date(base + i * 1000) } }),
        ),
      );
      expect((await b.readThread({ threadId })).recencyAt.getTime()).toBe(base + 19_000);
    },
  );

  it('settles racing archives, unarchives and patches into one consistent state', async () => {
    const [a, b] = await pair();
    const threadId = await seedThread(a, { preview: 'archive race' });
    await Promise.all([
      a.archiveThread({ threadId }),
      b.archiveThread({ threadId }),
      b.updateThreadMetadata({ threadId, patch: { name: 'renamed during archive' }, includeArchived: true }),
    ]);
    const archived = await b.readThread({ threadId, includeArchived: true });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(archived.name).toBe('renamed during archive');
    const archivedList = await a.listThreads({ pageSize: 10, modelProviders: [], archived: true });
    expect(archivedList.items.map((t) => t.threadId)).toEqual([threadId]);

    await Promise.all([a.unarchiveThread({ threadId }), b.archiveThread({ threadId })]);
    const final = await a.readThread({ threadId, includeArchived: true });
    const activeIds = (await b.listThreads({ pageSize: 10, modelProviders: [] })).items.map((t) => t.threadId);
    const archivedIds = (await b.listThreads({ pageSize: 10, modelProviders: [], archived: true })).items.map(
      (t) => t.threadId,
    );
    // Whichever won, reads and both listings agree.
    if (final.archivedAt === null) {
      expect(activeIds).toEqual([threadId]);
      expect(archivedIds).toEqual([]);
    } else {
      expect(activeIds).toEqual([]);
      expect(archivedIds).toEqual([threadId]);
    }
  });

  it('refuses to delete a thread another instance is writing, and deletes it once released', async () => {
    const [a, b] = await pair();
    const params = createParams();
    await a.createThread(params);
    await a.appendItems({ threadId: params.threadId, items: [userMessage('before delete')] });
    await a.flushThread(params.threadId);
    await expectStoreError(b.deleteThread({ threadId: params.threadId }), 'conflict');
    await a.appendItems({ threadId: params.threadId, items: [userMessage('still writing')] });
    await a.shutdownThread(params.threadId);
    await b.deleteThread({ threadId: params.threadId });
    await expectStoreError(a.readThread({ threadId: params.threadId, includeArchived: true }), 'thread_not_found');
    // The id is free again, from either instance.
    await a.createThread(params);
    await a.discardThread(params.threadId);
  });
}
