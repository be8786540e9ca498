import { parseRolloutLine } from '@threadkit/protocol';
import { LiveThread, type ThreadHistoryItem } from '@threadkit/thread-store';
import { expect, it } from 'vitest';
import { agentMessage, createParams, messageTextsOf, userMessage } from './testing/items';
import { describeOnEachBackend } from './testing/test-databases';

describeOnEachBackend('PostgresThreadStore', (backend) => {
  it('stores each item as the rollout line Codex writes, in order from seq 0', async () => {
    const store = await backend().open();
    const params = createParams();
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('hello'), agentMessage('hi there')] });
    await store.shutdownThread(params.threadId);
    const rows = await backend().query<{ seq: number | string; line: string; content_text: string | null }>(
      `SELECT seq, line, content_text FROM "${backend().schema}".thread_items WHERE thread_id = $1 ORDER BY seq`,
      [params.threadId],
    );
    expect(rows.map((row) => Number(row.seq))).toEqual([0, 1, 2]);
    const lines = rows.map((row) => parseRolloutLine(row.line));
    for (const parsed of lines) expect(parsed.ok && parsed.known).toBe(true);
    const [meta, hello] = lines.map((parsed) => (parsed.ok ? parsed.line : null));
    expect(meta).toMatchObject({ type: 'session_meta', payload: { id: params.threadId, cwd: '/work/postgres' } });
    expect(hello?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows[1]!.line.startsWith('{"timestamp":"')).toBe(true);
    expect(rows.map((row) => row.content_text)).toEqual([null, 'hello', 'hi there']);
  });

  it('keeps unknown top-level fields of an item and text PostgreSQL cannot hold in a column', async () => {
    const store = await backend().open();
    const params = createParams();
    await store.createThread(params);
    const item = { ...userMessage('nul \u0000 inside, and \u2028 too'), added_by_a_newer_codex: { x: [1, 2] } };
    await store.appendItems({ threadId: params.threadId, items: [item as ThreadHistoryItem] });
    await store.shutdownThread(params.threadId);
    expect((await store.loadHistory({ threadId: params.threadId })).items[1]).toEqual(item);
  });

  it('rejects metadata text PostgreSQL cannot store as invalid_request and changes nothing', async () => {
    const store = await backend().open();
    const params = createParams();
    await store.createThread(params);
    await store.persistThread(params.threadId);
    await expect(
      store.updateThreadMetadata({ threadId: params.threadId, patch: { name: 'kept', preview: 'bad \u0000 preview' } }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await store.readThread({ threadId: params.threadId })).toMatchObject({ name: null, preview: '' });
  });

  it('matches LIKE wildcards in search terms literally', async () => {
    const store = await backend().open();
    const seed = async (preview: string) => {
      const params = createParams();
      await store.createThread(params);
      await store.appendItems({ threadId: params.threadId, items: [userMessage(preview)] });
      await store.updateThreadMetadata({ threadId: params.threadId, patch: { preview } });
      await store.shutdownThread(params.threadId);
      return params.threadId;
    };
    const percent = await seed('coverage at 100% now');
    const underscore = await seed('rename snake_case keys');
    await seed('plain words only');
    const ids = async (searchTerm: string) =>
      (await store.listThreads({ modelProviders: [], searchTerm })).items.map((t) => t.threadId);
    expect(await ids('100%')).toEqual([percent]);
    expect(await ids('%')).toEqual([percent]);
    expect(await ids('_')).toEqual([underscore]);
    expect(await ids('SNAKE_CASE')).toEqual([underscore]);
    const hits = await store.searchThreads({ searchTerm: 'e_c' });
    expect(hits.items.map((hit) => hit.thread.threadId)).toEqual([underscore]);
  });

  it('finds a message deep in a long history and quotes it in the snippet', async () => {
    const store = await backend().open();
    const params = createParams();
    await store.createThread(params);
    const filler = Array.from({ length: 200 }, (_, i) => agentMessage(`step ${i} of the plan`));
    await store.appendItems({ threadId: params.threadId, items: [userMessage('start'), ...filler] });
    await store.appendItems({
      threadId: params.threadId,
      items: [agentMessage('Finally the flaky test was caused by a timezone-dependent date parser in the fixture loader.')],
    });
    await store.updateThreadMetadata({ threadId: params.threadId, patch: { preview: 'start' } });
    await store.shutdownThread(params.threadId);
    const page = await store.searchThreads({ searchTerm: 'TIMEZONE-dependent' });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.snippet).toContain('timezone-dependent date parser');
  });

  it('compares cwd filters as paths and counts threads without a provider as the default provider', async () => {
    const store = await backend().open({ defaultModelProvider: 'openai' });
    const params = createParams({ cwd: '/work/project/', modelProvider: '' });
    await store.createThread(params);
    await store.appendItems({ threadId: params.threadId, items: [userMessage('no provider recorded')] });
    await store.updateThreadMetadata({ threadId: params.threadId, patch: { preview: 'no provider recorded' } });
    await store.shutdownThread(params.threadId);
    const list = async (cwdFilters: string[]) =>
      (await store.listThreads({ cwdFilters })).items.map((t) => t.threadId);
    expect(await list(['/work/project'])).toEqual([params.threadId]);
    expect(await list(['/work/./project//'])).toEqual([params.threadId]);
    expect(await list(['/work/projects'])).toEqual([]);
    expect((await store.listThreads({ modelProviders: ['anthropic'] })).items).toEqual([]);
  });

  it('runs LiveThread: metadata derived above the store lands through patches', async () => {
    const store = await backend().open();
    const params = createParams();
    const live = await LiveThread.create(store, params);
    await live.appendItems([userMessage('Why does the build fail on Node 20?'), agentMessage('Because of ...')]);
    await live.shutdown();
    const thread = await store.readThread({ threadId: params.threadId, includeHistory: true });
    expect(thread.preview).toBe('Why does the build fail on Node 20?');
    expect(thread.firstUserMessage).toBe('Why does the build fail on Node 20?');
    expect(messageTextsOf(thread.history?.items ?? [])).toEqual(['Why does the build fail on Node 20?', 'Because of ...']);
    const listed = await store.listThreads({ modelProviders: [] });
    expect(listed.items.map((t) => t.threadId)).toEqual([params.threadId]);
  });
});
