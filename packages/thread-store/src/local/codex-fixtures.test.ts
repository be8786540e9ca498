import { codexFixture, type ExpectedThread } from '@threadkit/codex-interop';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredThread } from '../types/stored-thread';
import { LocalThreadStore } from './local-thread-store';
import { copyHome } from './testing/temp-home';
import { turnTextsOfHistory, turnTextsOfPaginatedHistory } from './testing/turn-texts';

// Real Codex homes (fixtures/codex-<version>), served from temp copies in both index modes.
const VERSIONS = ['0.142.0', '0.169.0'] as const;
const MODES = ['sqlite', 'none'] as const;

/** The fields a checkout cannot change, in expected.json's terms. */
function comparable(thread: StoredThread) {
  return {
    id: thread.threadId,
    preview: thread.preview,
    name: thread.name,
    source: thread.source,
    modelProvider: thread.modelProvider,
    cwd: thread.cwd,
    cliVersion: thread.cliVersion,
    createdAtSeconds: Math.floor(thread.createdAt.getTime() / 1000),
  };
}

function expectedComparable(thread: ExpectedThread) {
  return {
    id: thread.id,
    preview: thread.preview,
    name: thread.name,
    source: thread.source,
    modelProvider: thread.modelProvider,
    cwd: thread.cwd,
    cliVersion: thread.cliVersion,
    createdAtSeconds: thread.createdAt,
  };
}

const gitOf = (thread: StoredThread) =>
  thread.gitInfo && { sha: thread.gitInfo.commitHash, branch: thread.gitInfo.branch, originUrl: thread.gitInfo.repositoryUrl };

describe.each(VERSIONS)('the Codex %s fixture home', (version) => {
  const fixture = codexFixture(version);
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function openCopy(index: 'sqlite' | 'none'): Promise<LocalThreadStore> {
    const home = await copyHome(fixture.home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    cleanups.push(async () => {
      await store.close();
      await home.remove();
    });
    return store;
  }

  describe.each(MODES)('with index: %s', (index) => {
    it('lists the active and archived threads Codex listed, newest first', async () => {
      const store = await openCopy(index);
      const active = await store.listThreads({ pageSize: 100, modelProviders: [] });
      const archived = await store.listThreads({ pageSize: 100, modelProviders: [], archived: true });
      expect(active.items.map(comparable)).toEqual(fixture.expected.active.map(expectedComparable));
      expect(archived.items.map(comparable)).toEqual(fixture.expected.archived.map(expectedComparable));
      expect(active.items.every((t) => t.archivedAt === null)).toBe(true);
      expect(archived.items.every((t) => t.archivedAt instanceof Date)).toBe(true);
      expect(active.nextCursor).toBeNull();
    });

    it('pages through the fixture without skipping or repeating', async () => {
      const store = await openCopy(index);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.listThreads({ pageSize: 2, modelProviders: [], cursor });
        ids.push(...page.items.map((t) => t.threadId));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(ids).toEqual(fixture.expected.active.map((t) => t.id));
    });

    it('hides the fixture behind the default-provider rule, as Codex does for an unconfigured provider', async () => {
      const store = await openCopy(index);
      expect((await store.listThreads({})).items).toEqual([]);
      const mock = await store.listThreads({ modelProviders: ['mock'], pageSize: 100 });
      expect(mock.items).toHaveLength(fixture.expected.active.length);
    });
  });
});

describe('git facts of the fixture homes', () => {
  it.each(MODES)('0.142: the git patch Codex appended as a session_meta copy is the one in force (index: %s)', async (index) => {
    const fixture = codexFixture('0.142.0');
    const home = await copyHome(fixture.home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    try {
      const listed = (await store.listThreads({ pageSize: 100, modelProviders: [] })).items;
      expect(listed.map((t) => ({ id: t.threadId, git: gitOf(t) }))).toEqual(
        fixture.expected.active.map((t) => ({ id: t.id, git: t.gitInfo })),
      );
    } finally {
      await store.close();
      await home.remove();
    }
  });

  it.each(MODES)('0.169: files hold the session_meta git; its git patch lived in its private SQLite (index: %s)', async (index) => {
    const fixture = codexFixture('0.169.0');
    const home = await copyHome(fixture.home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    try {
      const patched = '01a1fda5-512d-78c0-be62-477029065a37';
      const thread = await store.readThread({ threadId: patched });
      expect(fixture.expected.active.find((t) => t.id === patched)?.gitInfo?.branch).toBe('feature/x');
      expect(thread.gitInfo?.branch).toBe('master');
      expect(thread.historyMode).toBe('paginated');
    } finally {
      await store.close();
      await home.remove();
    }
  });
});

describe.each(MODES)('reading the Codex 0.142 fixture with history (index: %s)', (index) => {
  it('yields the turn texts Codex read back, for every thread', async () => {
    const fixture = codexFixture('0.142.0');
    const home = await copyHome(fixture.home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    try {
      for (const [threadId, expected] of Object.entries(fixture.expected.reads)) {
        const thread = await store.readThread({ threadId, includeHistory: true, includeArchived: true });
        const turns = turnTextsOfHistory(thread.history?.items ?? []);
        expect(turns, threadId).toEqual(expected.turns.map(({ id, items }) => ({ id, items })));
        expect(thread.forkedFromId).toBe(expected.forkedFromId);
      }
    } finally {
      await store.close();
      await home.remove();
    }
  });
});

describe.each(MODES)('reading the Codex 0.169 fixture (paginated history) with history (index: %s)', (index) => {
  it('yields the turn texts Codex read back, and refuses to append to it', async () => {
    const fixture = codexFixture('0.169.0');
    const home = await copyHome(fixture.home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    try {
      const reads = Object.entries(fixture.expected.reads);
      expect(reads.length).toBeGreaterThan(0);
      for (const [threadId, expected] of reads) {
        const thread = await store.readThread({ threadId, includeHistory: true, includeArchived: true });
        expect(thread.historyMode).toBe('paginated');
        const turns = turnTextsOfPaginatedHistory(thread.history?.items ?? []);
        // Codex also reported tool runs as turn items; compare the user and agent texts.
        const messages = expected.turns.map(({ id, items }) => ({
          id,
          items: items.filter((item) => item.type === 'userMessage' || item.type === 'agentMessage'),
        }));
        expect(turns, threadId).toEqual(messages);
        const history = await store.loadHistory({ threadId, includeArchived: true });
        expect(history.items).toEqual(thread.history?.items);
      }
      const [activeId] = fixture.expected.active.map((t) => t.id);
      await expect(store.resumeThread({ threadId: activeId! })).rejects.toMatchObject({ code: 'unsupported' });
    } finally {
      await store.close();
      await home.remove();
    }
  });
});
