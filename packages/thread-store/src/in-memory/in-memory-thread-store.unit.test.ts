import { describe, expect, it } from 'vitest';
import { isThreadStoreError } from '../errors';
import type { ThreadHistoryItem } from '../types/common';
import { InMemoryThreadStore } from './in-memory-thread-store';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const OTHER = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e56';
const create = (threadId: string, modelProvider = 'openai') => ({
  threadId,
  source: 'cli' as const,
  cwd: '/work/app',
  originator: 'test',
  cliVersion: '1.0.0',
  modelProvider,
});
const userMessage = (message: string) =>
  ({ type: 'event_msg', payload: { type: 'user_message', message } }) as ThreadHistoryItem;

async function seeded(store: InMemoryThreadStore, threadId: string, preview: string, modelProvider?: string) {
  await store.createThread(create(threadId, modelProvider));
  await store.appendItems({ threadId, items: [userMessage(preview)] });
  await store.updateThreadMetadata({ threadId, patch: { preview } });
  await store.shutdownThread(threadId);
}

describe('InMemoryThreadStore specifics', () => {
  it('stamps creation and archive times with its clock', async () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const store = new InMemoryThreadStore({ now: () => now });
    await seeded(store, ID, 'hello');
    now = new Date('2026-03-02T00:00:00Z');
    await store.archiveThread({ threadId: ID });
    const thread = await store.readThread({ threadId: ID, includeArchived: true });
    expect(thread.createdAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(thread.updatedAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(thread.recencyAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(thread.archivedAt?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    const meta = (await store.loadHistory({ threadId: ID, includeArchived: true })).items[0];
    expect((meta!.payload as { timestamp: string }).timestamp).toBe('2026-03-01T00:00:00.000Z');
  });

  it('lists every provider when it has no default provider', async () => {
    const store = new InMemoryThreadStore();
    await seeded(store, ID, 'one', 'openai');
    await seeded(store, OTHER, 'two', 'ollama');
    expect((await store.listThreads({})).items).toHaveLength(2);
    const withDefault = new InMemoryThreadStore({ backend: store.backend, defaultModelProvider: 'ollama' });
    expect((await withDefault.listThreads({})).items.map((t) => t.threadId)).toEqual([OTHER]);
  });

  it('matches cwd filters after normalising the path', async () => {
    const store = new InMemoryThreadStore();
    await seeded(store, ID, 'one');
    const page = await store.listThreads({ cwdFilters: ['/work/./app/'] });
    expect(page.items.map((t) => t.threadId)).toEqual([ID]);
  });

  it('shows an observed title as the name only while it says something the preview does not', async () => {
    const store = new InMemoryThreadStore();
    await seeded(store, ID, 'fix the build');
    let thread = await store.updateThreadMetadata({ threadId: ID, patch: { title: 'fix the build' } });
    expect(thread.name).toBeNull();
    thread = await store.updateThreadMetadata({ threadId: ID, patch: { title: 'Build fix' } });
    expect(thread.name).toBe('Build fix');
    thread = await store.updateThreadMetadata({ threadId: ID, patch: { name: 'Mine' } });
    expect(thread.name).toBe('Mine');
    thread = await store.updateThreadMetadata({ threadId: ID, patch: { name: null } });
    expect(thread.name).toBe('Build fix');
  });

  it('has no rollout files: resume by path is refused and rolloutPath stays as patched', async () => {
    const store = new InMemoryThreadStore();
    await seeded(store, ID, 'one');
    const error = await store.resumeThread({ threadId: ID, rolloutPath: '/tmp/x.jsonl' }).catch((e: unknown) => e);
    expect(isThreadStoreError(error, 'invalid_request')).toBe(true);
    expect((await store.readThread({ threadId: ID })).rolloutPath).toBeNull();
    const patched = await store.updateThreadMetadata({ threadId: ID, patch: { rolloutPath: '/elsewhere/r.jsonl' } });
    expect(patched.rolloutPath).toBe('/elsewhere/r.jsonl');
  });

  it('sanitizes what it persists as Codex does: generated images are blanked', async () => {
    const store = new InMemoryThreadStore();
    await store.createThread(create(ID));
    await store.appendItems({
      threadId: ID,
      items: [
        { type: 'response_item', payload: { type: 'image_generation_call', status: 'completed', result: 'iVBORw0' } },
      ],
    });
    const history = await store.loadHistory({ threadId: ID });
    expect((history.items[1]!.payload as { result: string }).result).toBe('');
  });

  it('gives search snippets around the match', async () => {
    const store = new InMemoryThreadStore();
    await seeded(store, ID, 'opening');
    await store.resumeThread({ threadId: ID });
    const long = `${'a'.repeat(100)} the needle sits here ${'b'.repeat(100)}`;
    await store.appendItems({
      threadId: ID,
      items: [{ type: 'event_msg', payload: { type: 'agent_message', message: long } }],
    });
    await store.shutdownThread(ID);
    const [hit] = (await store.searchThreads({ searchTerm: 'NEEDLE' })).items;
    expect(hit?.snippet).toMatch(/^….*the needle sits here.*…$/);
    expect(hit?.snippet.length).toBeLessThan(140);
  });
});
