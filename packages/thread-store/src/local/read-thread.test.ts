import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newThreadId, type ThreadId } from '@threadkit/protocol';
import { newRolloutPath } from '@threadkit/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalThreadStore } from './local-thread-store';
import { tempDir } from './testing/temp-home';

const line = (type: string, payload: unknown) =>
  `${JSON.stringify({ timestamp: '2026-03-01T10:00:00.000Z', type, payload })}\n`;
const userMessage = (message: string) =>
  line('event_msg', { type: 'user_message', message, images: [], local_images: [], text_elements: [] });
const sessionMeta = (id: string) =>
  line('session_meta', { id, session_id: id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w', originator: 'o', cli_version: '1', source: 'cli' });

describe.each(['sqlite', 'none'] as const)('reading a rollout that holds no session_meta of its thread (index: %s)', (index) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A rollout file named for a new thread, with the given lines. */
  async function storeWithRollout(body: string): Promise<{ store: LocalThreadStore; threadId: ThreadId; path: string }> {
    const home = await tempDir();
    cleanups.push(home.remove);
    const threadId = newThreadId();
    const path = newRolloutPath(home.path, threadId, new Date('2026-03-01T10:00:00Z'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    const store = await LocalThreadStore.open({ home: home.path, index });
    cleanups.push(() => store.close());
    return { store, threadId, path };
  }

  async function expectNotFoundNamingFile(attempt: Promise<unknown>, path: string): Promise<void> {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).toBe('thread_not_found');
    expect(error?.message).toContain(path);
  }

  it('is thread_not_found for readThread and loadHistory alike when the file has no session_meta', async () => {
    const { store, threadId, path } = await storeWithRollout(userMessage('no meta before me') + line('event_msg', { type: 'agent_message', message: 'hi' }));
    await expectNotFoundNamingFile(store.readThread({ threadId }), path);
    await expectNotFoundNamingFile(store.readThread({ threadId, includeHistory: true }), path);
    await expectNotFoundNamingFile(store.loadHistory({ threadId }), path);
    expect((await store.listThreads({ modelProviders: [] })).items).toEqual([]);
  });

  it('is thread_not_found for readThread and loadHistory alike when its session_meta names another thread', async () => {
    const other = newThreadId();
    const { store, threadId, path } = await storeWithRollout(sessionMeta(other) + userMessage('a copy of another thread'));
    await expectNotFoundNamingFile(store.readThread({ threadId }), path);
    await expectNotFoundNamingFile(store.loadHistory({ threadId }), path);
  });

  it('reads the thread with both once a stray first line precedes its session_meta', async () => {
    const id = newThreadId();
    const home = await tempDir();
    cleanups.push(home.remove);
    const path = newRolloutPath(home.path, id, new Date('2026-03-01T10:00:00Z'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `{"torn":\n${sessionMeta(id)}${userMessage('after a torn line')}`);
    const store = await LocalThreadStore.open({ home: home.path, index });
    cleanups.push(() => store.close());
    expect(await store.readThread({ threadId: id })).toMatchObject({ threadId: id, preview: 'after a torn line' });
    expect((await store.loadHistory({ threadId: id })).items.map((item) => item.type)).toEqual(['session_meta', 'event_msg']);
  });
});
