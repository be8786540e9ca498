import { appendFile, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { codexFixture } from '@threadkit/codex-interop';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalThreadStore, type LocalThreadStoreOptions } from './local-thread-store';
import { copyHome, tempDir } from './testing/temp-home';
import { writeSampleThread } from './testing/sample-thread';

const fixture = codexFixture('0.142.0');
const DAY = join('sessions', '2026', '11', '21');
const THREAD = '01a1fda6-3b8a-7792-8e1c-b22826e2c31c';
const FILE = `rollout-2026-11-21T10-28-12-${THREAD}.jsonl`;

function line(type: string, payload: Record<string, unknown>, at = new Date()): string {
  return `${JSON.stringify({ timestamp: at.toISOString(), type, payload })}\n`;
}

describe('keeping the index in step with files written by others', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function openOn(home: string, options: Partial<LocalThreadStoreOptions> = {}) {
    const store = await LocalThreadStore.open({ home, index: 'sqlite', reconcileIntervalMs: 0, ...options });
    cleanups.push(() => store.close());
    return store;
  }

  async function fixtureHome() {
    const home = await copyHome(fixture.home);
    cleanups.push(home.remove);
    return home.path;
  }

  it('picks up a turn another writer appended: update time, model and token usage from the tail', async () => {
    const home = await fixtureHome();
    const store = await openOn(home);
    const before = await store.readThread({ threadId: THREAD });
    const later = new Date(Date.now() + 60_000);
    await appendFile(
      join(home, DAY, FILE),
      line('turn_context', { cwd: '/workspace/project-4', approval_policy: 'never', model: 'later-model', effort: 'high' }) +
        line('event_msg', {
          type: 'token_count',
          info: {
            total_token_usage: { input_tokens: 700, cached_input_tokens: 0, output_tokens: 77, reasoning_output_tokens: 0, total_tokens: 777 },
          },
        }) +
        line('event_msg', { type: 'agent_message', message: 'a later answer' }, later),
    );
    const listed = (await store.listThreads({ modelProviders: [], pageSize: 100 })).items.find((t) => t.threadId === THREAD);
    expect(listed).toMatchObject({ model: 'later-model', reasoningEffort: 'high', tokenUsage: { total_tokens: 777 } });
    expect(listed!.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(listed!.preview).toBe(before.preview);
  });

  it('adds a rollout copied in, drops one deleted, and follows one moved to the archive', async () => {
    const home = await fixtureHome();
    const store = await openOn(home);
    const ids = async (archived = false) =>
      (await store.listThreads({ modelProviders: [], pageSize: 100, archived })).items.map((t) => t.threadId).sort();
    const start = await ids();

    const guest = '01a1fda6-4000-7000-8000-000000000001';
    const guestFile = join(home, 'sessions', '2026', '11', '22', `rollout-2026-11-22T09-00-00-${guest}.jsonl`);
    await mkdir(join(home, 'sessions', '2026', '11', '22'), { recursive: true });
    const source = await readFile(join(home, DAY, FILE), 'utf8');
    await appendFile(guestFile, source.replaceAll(THREAD, guest));
    expect(await ids()).toEqual([...start, guest].sort());

    await rm(guestFile);
    expect(await ids()).toEqual(start);

    await copyFile(join(home, DAY, FILE), join(home, 'archived_sessions', FILE));
    await rm(join(home, DAY, FILE));
    expect(await ids()).toEqual(start.filter((id) => id !== THREAD));
    expect(await ids(true)).toContain(THREAD);
    expect((await store.readThread({ threadId: THREAD, includeArchived: true })).archivedAt).toBeInstanceOf(Date);
  });

  it('reads a thread whose row points where its file no longer is, and re-points the row', async () => {
    const home = await fixtureHome();
    const store = await openOn(home, { reconcileIntervalMs: 3_600_000 });
    await store.listThreads({ modelProviders: [] });
    const movedDir = join(home, 'sessions', '2026', '11', '20');
    await mkdir(movedDir, { recursive: true });
    await copyFile(join(home, DAY, FILE), join(movedDir, FILE));
    await rm(join(home, DAY, FILE));
    const read = await store.readThread({ threadId: THREAD, includeHistory: true });
    expect(read.rolloutPath).toBe(join(movedDir, FILE));
    expect(read.history?.items.length).toBeGreaterThan(1);
    const listed = await store.listThreads({ modelProviders: [], pageSize: 100, useStateDbOnly: true });
    expect(listed.items.find((t) => t.threadId === THREAD)?.rolloutPath).toBe(join(movedDir, FILE));
  });

  it('drops a row whose thread has no rollout anywhere any more', async () => {
    const home = await fixtureHome();
    const store = await openOn(home, { reconcileIntervalMs: 3_600_000 });
    await store.listThreads({ modelProviders: [] });
    await rm(join(home, DAY, FILE));
    await expect(store.readThread({ threadId: THREAD })).rejects.toMatchObject({ code: 'thread_not_found' });
    const listed = await store.listThreads({ modelProviders: [], pageSize: 100, useStateDbOnly: true });
    expect(listed.items.map((t) => t.threadId)).not.toContain(THREAD);
  });

  it('finds threads by names Codex appended to session_index.jsonl', async () => {
    const home = await fixtureHome();
    const store = await openOn(home);
    expect((await store.listThreads({ modelProviders: [], searchTerm: 'nebula' })).items).toEqual([]);
    await appendFile(
      join(home, 'session_index.jsonl'),
      `${JSON.stringify({ id: THREAD, thread_name: 'nebula survey', updated_at: new Date().toISOString() })}\n`,
    );
    const found = await store.listThreads({ modelProviders: [], searchTerm: 'nebula' });
    expect(found.items.map((t) => [t.threadId, t.name])).toEqual([[THREAD, 'nebula survey']]);
  });

  it('trusts the index between full scans, but always sees what this instance wrote', async () => {
    const home = await tempDir();
    cleanups.push(home.remove);
    const store = await openOn(home.path, { reconcileIntervalMs: 3_600_000 });
    expect((await store.listThreads({})).items).toEqual([]);
    // Written without any metadata patch: only the rollout tells the index about it.
    const mine = await writeSampleThread(store, 'written here');
    expect((await store.listThreads({})).items.map((t) => [t.threadId, t.preview])).toEqual([[mine, 'written here']]);

    const writer = await LocalThreadStore.open({ home: home.path, index: 'none' });
    const theirs = await writeSampleThread(writer, 'written elsewhere');
    expect((await store.listThreads({})).items.map((t) => t.threadId)).toEqual([mine]);
    await store.reindex();
    expect((await store.listThreads({})).items.map((t) => t.threadId).sort()).toEqual([mine, theirs].sort());
    expect((await store.listThreads({ useStateDbOnly: true })).items).toHaveLength(2);
  });
});
