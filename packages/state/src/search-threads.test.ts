import { describe, expect, it } from 'vitest';
import { sampleThread, useTempHomes } from './test-support/temp-home';

const { openIndex } = useTempHomes();

describe('searchThreads (metadata full-text search)', () => {
  it('finds a word in a name and in a preview, with the match marked', () => {
    const index = openIndex();
    const named = sampleThread({ name: 'Refactor the billing module', preview: 'start here' });
    const previewed = sampleThread({ preview: 'please look at billing errors in prod' });
    index.upsertThreads([named, previewed, sampleThread({ preview: 'nothing to see' })]);
    const page = index.searchThreads({ searchTerm: 'billing' });
    const byId = new Map(page.items.map((hit) => [hit.thread.threadId, hit.snippet]));
    expect([...byId.keys()].sort()).toEqual([named.threadId, previewed.threadId].sort());
    expect(byId.get(named.threadId)).toBe('Refactor the [billing] module');
    expect(byId.get(previewed.threadId)).toBe('please look at [billing] errors in prod');
  });

  it('finds words in the title and first user message, ignoring case and accents', () => {
    const index = openIndex();
    const titled = sampleThread({ title: 'Café migration plan' });
    const first = sampleThread({ firstUserMessage: 'Investigate the MEMORY leak' });
    index.upsertThreads([titled, first]);
    expect(index.searchThreads({ searchTerm: 'cafe' }).items.map((hit) => hit.thread.threadId)).toEqual([titled.threadId]);
    expect(index.searchThreads({ searchTerm: 'memory leak' }).items.map((hit) => hit.thread.threadId)).toEqual([
      first.threadId,
    ]);
  });

  it('matches word prefixes and requires every word', () => {
    const index = openIndex();
    const thread = sampleThread({ preview: 'optimise the database indexes' });
    index.upsertThreads([thread, sampleThread({ preview: 'optimise the build' })]);
    expect(index.searchThreads({ searchTerm: 'datab opt' }).items).toHaveLength(1);
    expect(index.searchThreads({ searchTerm: 'opt' }).items).toHaveLength(2);
    expect(index.searchThreads({ searchTerm: 'database build' }).items).toHaveLength(0);
  });

  it('follows renames, preview changes and deletes', () => {
    const index = openIndex();
    const thread = sampleThread({ name: 'alpha project' });
    index.upsertThread(thread);
    index.patchThread(thread.threadId, { name: 'beta project' });
    expect(index.searchThreads({ searchTerm: 'alpha' }).items).toHaveLength(0);
    expect(index.searchThreads({ searchTerm: 'beta' }).items).toHaveLength(1);
    index.patchThread(thread.threadId, { name: null, preview: 'gamma rays' });
    expect(index.searchThreads({ searchTerm: 'beta' }).items).toHaveLength(0);
    expect(index.searchThreads({ searchTerm: 'gamma' }).items).toHaveLength(1);
    index.deleteThread(thread.threadId);
    expect(index.searchThreads({ searchTerm: 'gamma' }).items).toHaveLength(0);
    expect(index.checkIntegrity().ok).toBe(true);
  });

  it('pages hits in sort order with filters', () => {
    const index = openIndex();
    const hits = Array.from({ length: 5 }, (_, i) => sampleThread({ preview: `deploy step ${i}`, createdAt: 1000 + i }));
    index.upsertThreads([...hits, sampleThread({ preview: 'deploy archived', archivedAt: 5 })]);
    const first = index.searchThreads({ searchTerm: 'deploy', pageSize: 3 });
    const second = index.searchThreads({ searchTerm: 'deploy', pageSize: 3, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((hit) => hit.thread.threadId)).toEqual(
      hits.map((thread) => thread.threadId).reverse(),
    );
    expect(second.nextCursor).toBeNull();
    expect(index.searchThreads({ searchTerm: 'deploy', archived: true }).items).toHaveLength(1);
  });

  it('marks a word found only by its prefix', () => {
    const index = openIndex();
    index.upsertThread(sampleThread({ preview: 'the billing service is down' }));
    const [hit] = index.searchThreads({ searchTerm: 'bill serv' }).items;
    expect(hit?.snippet).toBe('the [billing] [service] is down');
  });

  it('uses the caller’s snippet marks', () => {
    const index = openIndex();
    index.upsertThread(sampleThread({ preview: 'rotate the keys' }));
    const [hit] = index.searchThreads({ searchTerm: 'keys', snippet: { open: '<b>', close: '</b>' } }).items;
    expect(hit?.snippet).toBe('rotate the <b>keys</b>');
  });

  it('does not throw on quotes or operators, and requires a term', () => {
    const index = openIndex();
    index.upsertThread(sampleThread({ preview: 'C++ "templates" AND more' }));
    for (const term of ['"templates', 'AND', 'C++', 'NOT', '")(*', 'preview:templates']) {
      expect(() => index.searchThreads({ searchTerm: term }), term).not.toThrow();
    }
    expect(index.searchThreads({ searchTerm: '"templates' }).items).toHaveLength(1);
    expect(() => index.searchThreads({ searchTerm: '  ' })).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'params.searchTerm' }),
    );
    expect(() => index.searchThreads({ searchTerm: 'x', snippet: { maxTokens: 0 } })).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'params.snippet.maxTokens' }),
    );
  });
});

describe('searchMessages (opt-in content search)', () => {
  it('finds threads by indexed message text, with a snippet of the earliest match', () => {
    const index = openIndex();
    const a = sampleThread();
    const b = sampleThread();
    index.upsertThreads([a, b]);
    expect(
      index.setThreadMessages(a.threadId, [
        { role: 'user', text: 'how do I configure the proxy?' },
        { role: 'assistant', text: 'set the proxy in config.toml' },
      ]),
    ).toBe(true);
    index.setThreadMessages(b.threadId, [{ role: 'user', text: 'write a haiku' }]);
    const page = index.searchMessages({ searchTerm: 'proxy' });
    expect(page.items).toEqual([{ thread: expect.objectContaining({ threadId: a.threadId }), snippet: 'how do I configure the [proxy]?' }]);
    expect(index.searchMessages({ searchTerm: 'conf' }).items[0]?.snippet).toBe('how do I [configure] the proxy?');
    // Metadata search does not see message text.
    expect(index.searchThreads({ searchTerm: 'proxy' }).items).toHaveLength(0);
  });

  it('appends after existing messages, replaces on set, and forgets messages of deleted threads', () => {
    const index = openIndex();
    const thread = sampleThread();
    index.upsertThread(thread);
    index.setThreadMessages(thread.threadId, [{ role: 'user', text: 'first words' }]);
    index.appendThreadMessages(thread.threadId, [{ role: 'assistant', text: 'second words' }]);
    expect(index.searchMessages({ searchTerm: 'words' }).items).toHaveLength(1);
    expect(index.searchMessages({ searchTerm: 'second' }).items).toHaveLength(1);
    index.setThreadMessages(thread.threadId, [{ role: 'user', text: 'replaced' }]);
    expect(index.searchMessages({ searchTerm: 'second' }).items).toHaveLength(0);
    index.deleteThread(thread.threadId);
    expect(index.searchMessages({ searchTerm: 'replaced' }).items).toHaveLength(0);
    expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it('writes nothing for an unknown thread and rejects malformed messages', () => {
    const index = openIndex();
    const thread = sampleThread();
    expect(index.setThreadMessages(thread.threadId, [{ role: 'user', text: 'lost' }])).toBe(false);
    expect(index.appendThreadMessages(thread.threadId, [{ role: 'user', text: 'lost' }])).toBe(false);
    index.upsertThread(thread);
    expect(() => index.setThreadMessages(thread.threadId, [{ role: '', text: 'x' }])).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'messages.0.role' }),
    );
    expect(index.searchMessages({ searchTerm: 'lost' }).items).toHaveLength(0);
  });
});
