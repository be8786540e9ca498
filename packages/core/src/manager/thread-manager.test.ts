import { InMemoryThreadStore, isThreadStoreError, ThreadStoreError } from '@threadkit/thread-store';
import { describe, expect, it } from 'vitest';
import { delegatingStore, never } from '../test-support/delegating-store';
import { kindOf } from '../test-support/fixture-turns';
import { testManager, textTurn, toolTurn, visibleTexts } from '../test-support/harness';
import type { ThreadCreatedEvent } from './thread-created';

const code = (c: string) => (e: unknown) => isThreadStoreError(e, c as never);

describe('ThreadManager: start, get, list, remove', () => {
  it('tracks started threads, hides internal ones and forgets removed ones', async () => {
    const { manager } = testManager();
    const a = await manager.startThread();
    const b = await manager.startThread({ threadId: '01A1FDA6-37D0-70F3-88C6-44503B200000' });
    const internal = await manager.startThread({ source: { internal: 'memory_consolidation' } });
    expect(b.threadId).toBe('01a1fda6-37d0-70f3-88c6-44503b200000');
    expect(manager.getThread(a.threadId)).toBe(a);
    expect(manager.getThread(internal.threadId)).toBeUndefined();
    expect(manager.listLoadedThreads().map((t) => t.threadId)).toEqual([b.threadId, a.threadId].sort());
    expect(manager.removeThread(a.threadId)).toBe(a);
    expect(manager.getThread(a.threadId)).toBeUndefined();
    expect(manager.removeThread(a.threadId)).toBeUndefined();
  });

  it('stamps a new thread with the manager clock, in session_meta and createdAt alike', async () => {
    // The store's own clock is years away: only the manager's may decide the creation time.
    const store = new InMemoryThreadStore({ now: () => new Date('2031-01-01T00:00:00.000Z') });
    const { manager } = testManager({}, store);
    const thread = await manager.startThread();
    await textTurn(thread, 'when?', 'now');
    const [meta] = await thread.persistedItems();
    const stored = await thread.read();
    expect(stored.createdAt.getUTCFullYear()).toBe(2026);
    expect((meta?.payload as { timestamp?: string } | undefined)?.timestamp).toBe(stored.createdAt.toISOString());
  });

  it('writes the session_meta fields Codex reads, in legacy history mode', async () => {
    const { manager } = testManager({ baseInstructions: { text: 'You are a careful agent.' } });
    const parent = await manager.startThread();
    await textTurn(parent, 'parent', 'p');
    const child = await manager.startThread({
      parentThreadId: parent.threadId,
      sessionId: parent.threadId,
      threadSource: 'subagent',
      agentNickname: 'Scout',
      agentRole: 'explorer',
      agentPath: '/root/scout',
      memoryMode: 'disabled',
    });
    await textTurn(child, 'child', 'c');
    const [meta] = await child.persistedItems();
    expect(meta).toEqual({
      type: 'session_meta',
      payload: {
        session_id: parent.threadId,
        id: child.threadId,
        parent_thread_id: parent.threadId,
        timestamp: expect.stringMatching(/^2026-11-21T10:28:\d\d\.\d{3}Z$/),
        cwd: '/workspace/project-9',
        originator: 'codex_exec',
        cli_version: '0.142.0',
        source: 'cli',
        thread_source: 'subagent',
        agent_nickname: 'Scout',
        agent_role: 'explorer',
        agent_path: '/root/scout',
        model_provider: 'mock',
        base_instructions: { text: 'You are a careful agent.' },
        memory_mode: 'disabled',
        history_mode: 'legacy',
      },
    });
    const fork = await manager.forkThread({ threadId: parent.threadId });
    const [forkMeta] = await fork.persistedItems();
    expect(forkMeta!.payload).toMatchObject({
      id: fork.threadId,
      session_id: fork.threadId,
      forked_from_id: parent.threadId,
      thread_source: 'user',
      base_instructions: { text: 'You are a careful agent.' },
      history_mode: 'legacy',
    });
    expect(forkMeta!.payload).not.toHaveProperty('memory_mode');
  });

  it('validates ids and options before using them', async () => {
    const { manager, store } = testManager();
    expect(() => manager.getThread('../../etc/passwd')).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    await expect(manager.startThread({ threadId: 'not-a-uuid' })).rejects.toSatisfy(code('invalid_request'));
    await expect(manager.startThread({ cwd: 'relative/dir' })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'startThread.cwd',
    });
    await expect(manager.resumeThread({ threadId: 'x' } as never)).rejects.toSatisfy(code('invalid_request'));
    await expect(manager.resumeThread({} as never)).rejects.toSatisfy(code('invalid_request'));
    await expect(manager.forkThread({ threadId: '01a1fda6-37d0-70f3-88c6-44503b200000', beforeUserMessage: -1 })).rejects.toSatisfy(
      code('invalid_request'),
    );
    await expect(manager.shutdownAll({ timeoutMs: 0 })).rejects.toSatisfy(code('invalid_request'));
    // Misspelt options are refused rather than ignored.
    await expect(manager.startThread({ modle: 'x' } as never)).rejects.toSatisfy(code('invalid_request'));
    expect(() => testManager({ colectGit: true } as never)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => testManager({ model: '' })).toThrow(expect.objectContaining({ code: 'invalid_request', field: 'defaults.model' }));
    expect((await store.listThreads({})).items).toEqual([]);
  });

  it('refuses a second thread with the id of a running one', async () => {
    const { manager } = testManager();
    const a = await manager.startThread();
    await expect(manager.startThread({ threadId: a.threadId })).rejects.toSatisfy(code('invalid_request'));
  });

  it('announces started, resumed and forked threads until unsubscribed', async () => {
    const { manager } = testManager();
    const events: ThreadCreatedEvent[] = [];
    const unsubscribe = manager.onThreadCreated((event) => events.push(event));
    const a = await manager.startThread();
    await textTurn(a, 'one', 'r1');
    await manager.resumeThread({ threadId: a.threadId }); // already running: no new instance
    const fork = await manager.forkThread({ threadId: a.threadId });
    await a.shutdown();
    const again = await manager.resumeThread({ threadId: a.threadId });
    unsubscribe();
    await manager.startThread();
    expect(events.map((e) => [e.origin, e.threadId])).toEqual([
      ['started', a.threadId],
      ['forked', fork.threadId],
      ['resumed', a.threadId],
    ]);
    expect(events[2]!.thread).toBe(again);
  });
});

describe('ThreadManager.resumeThread', () => {
  it('returns the running instance when the thread is already loaded', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    const [x, y] = await Promise.all([
      manager.resumeThread({ threadId: thread.threadId }),
      manager.resumeThread({ threadId: thread.threadId.toUpperCase() }),
    ]);
    expect(x).toBe(thread);
    expect(y).toBe(thread);
  });

  it('loads a stopped thread anew with its history, settings and next turn', async () => {
    const { manager } = testManager();
    const thread = await manager.startThread({ model: 'model-a' });
    await textTurn(thread, 'one', 'r1');
    await thread.shutdown();
    expect(manager.getThread(thread.threadId)).toBeUndefined();

    const [x, y] = await Promise.all([
      manager.resumeThread({ threadId: thread.threadId }),
      manager.resumeThread({ threadId: thread.threadId }),
    ]);
    expect(x).toBe(y);
    expect(x).not.toBe(thread);
    expect(x.settings.model).toBe('model-a');
    await textTurn(x, 'two', 'r2');
    expect(visibleTexts(await x.history())).toEqual([
      'developer: Be brief.',
      'user: one',
      'assistant: r1',
      'user: two',
      'assistant: r2',
    ]);
    // No second initial context for a resumed thread.
    const environment = (await x.persistedItems()).filter((i) =>
      JSON.stringify(i.payload).includes('<environment_context>'),
    );
    expect(environment).toHaveLength(1);
  });

  it('refuses unknown, archived and path-less resumes', async () => {
    const { manager, store } = testManager();
    await expect(manager.resumeThread({ threadId: '01a1fda6-37d0-70f3-88c6-44503b200000' })).rejects.toSatisfy(
      code('thread_not_found'),
    );
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await thread.shutdown();
    await expect(manager.resumeThread({ rolloutPath: '/tmp/notes.txt' })).rejects.toSatisfy(code('invalid_request'));
    // The in-memory store keeps no rollout files.
    await expect(
      manager.resumeThread({ rolloutPath: `/h/sessions/rollout-2026-11-21T10-28-11-${thread.threadId}.jsonl` }),
    ).rejects.toMatchObject({ code: 'invalid_request', field: 'rolloutPath' });
    await store.archiveThread({ threadId: thread.threadId });
    await expect(manager.resumeThread({ threadId: thread.threadId })).rejects.toThrow(/archived/);
  });

  it('resumes by rollout path, and refuses a different path for a running thread', async () => {
    const inner = new InMemoryThreadStore();
    const files = new Map<string, string>();
    const pathOf = (id: string) => `/home/sessions/2026/11/21/rollout-2026-11-21T10-28-11-${id}.jsonl`;
    // A store that keeps rollout files: it reports where each thread lives.
    const store = delegatingStore(inner, {
      readThread: async (params) => ({ ...(await inner.readThread(params)), rolloutPath: pathOf(params.threadId) }),
      resumeThread: async (params) => {
        if (params.rolloutPath) files.set(params.threadId, params.rolloutPath);
        return inner.resumeThread({ ...params, rolloutPath: null });
      },
    });
    const { manager } = testManager({}, store);
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await thread.shutdown();

    const resumed = await manager.resumeThread({ rolloutPath: `${pathOf(thread.threadId)}.zst` });
    expect(resumed.threadId).toBe(thread.threadId);
    expect(files.get(thread.threadId)).toBe(`${pathOf(thread.threadId)}.zst`);
    expect(await manager.resumeThread({ rolloutPath: pathOf(thread.threadId) })).toBe(resumed);
    await expect(
      manager.resumeThread({ rolloutPath: `/elsewhere/rollout-2026-11-21T10-28-11-${thread.threadId}.jsonl` }),
    ).rejects.toThrow(`thread ${thread.threadId} is already running with a different rollout path`);
  });
});

describe('ThreadManager.forkThread', () => {
  it('copies the history before the 2nd user message into a new thread, materialized at once', async () => {
    const { manager, store } = testManager();
    const source = await manager.startThread();
    await toolTurn(source, 'first question', 'first answer', 1);
    await toolTurn(source, 'second question', 'second answer', 2);
    const fork = await manager.forkThread({ threadId: source.threadId, beforeUserMessage: 1 });

    expect(fork.threadId).not.toBe(source.threadId);
    expect(fork.threadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const stored = await store.readThread({ threadId: fork.threadId });
    expect(stored.forkedFromId).toBe(source.threadId);
    expect(stored.preview).toBe('first question');
    expect(visibleTexts(await fork.history())).toEqual(['developer: Be brief.', 'user: first question', 'assistant: first answer']);
    const items = await fork.persistedItems();
    // Its own session_meta first, then the source's, then the first turn up to task_complete.
    expect((items[0]!.payload as { id: string }).id).toBe(fork.threadId);
    expect((items[1]!.payload as { id: string }).id).toBe(source.threadId);
    expect(kindOf(items.at(-1)!)).toBe('event_msg:task_complete');
    expect(fork.tokenUsage()?.total_tokens).toBe(261);

    await textTurn(fork, 'another second question', 'another answer');
    expect(visibleTexts(await fork.history()).slice(-2)).toEqual([
      'user: another second question',
      'assistant: another answer',
    ]);
    // The source is untouched.
    expect(visibleTexts(await source.history())).toHaveLength(5);
  });

  it('drops an unfinished turn of a loaded source, or closes it as interrupted when asked', async () => {
    const { manager } = testManager();
    const source = await manager.startThread();
    await textTurn(source, 'done turn', 'r1');
    const open = await source.startTurn({ input: 'unfinished' });
    await open.addAgentMessage('partial');

    const dropped = await manager.forkThread({ threadId: source.threadId });
    expect(visibleTexts(await dropped.history())).toEqual(['developer: Be brief.', 'user: done turn', 'assistant: r1']);

    const interrupted = await manager.forkThread({ threadId: source.threadId, interruptUnfinishedTurn: true });
    const items = await interrupted.persistedItems();
    expect(items.at(-1)!.payload).toEqual({ type: 'turn_aborted', turn_id: open.turnId, reason: 'interrupted' });
    expect(visibleTexts(await interrupted.history()).slice(-2)).toEqual(['user: unfinished', 'assistant: partial']);
    // The source turn is still open and can finish.
    await open.complete();
  });

  it('forks a thread that is not loaded, straight from the store', async () => {
    const { manager } = testManager();
    const source = await manager.startThread();
    await textTurn(source, 'one', 'r1');
    await textTurn(source, 'two', 'r2');
    await source.shutdown();
    const fork = await manager.forkThread({ threadId: source.threadId, beforeUserMessage: 0 });
    expect(await fork.history()).toEqual([]);
    // Nothing of the first turn was kept, so the fork's first turn sends the initial context.
    await textTurn(fork, 'fresh', 'r');
    expect(visibleTexts(await fork.history())).toEqual(['developer: Be brief.', 'user: fresh', 'assistant: r']);
    await expect(manager.forkThread({ threadId: '01a1fda6-37d0-70f3-88c6-44503b200000' })).rejects.toSatisfy(
      code('thread_not_found'),
    );
  });
});

describe('ThreadManager.updateThreadMetadata', () => {
  it('updates a loaded thread through its live thread and a cold one in the store', async () => {
    const { manager, store } = testManager();
    const live = await manager.startThread();
    await textTurn(live, 'one', 'r1');
    const cold = await manager.startThread();
    await textTurn(cold, 'two', 'r2');
    await cold.shutdown();

    expect((await manager.updateThreadMetadata(live.threadId, { name: 'live name' })).name).toBe('live name');
    expect((await manager.updateThreadMetadata(cold.threadId, { name: 'cold name' })).name).toBe('cold name');
    expect((await store.readThread({ threadId: cold.threadId })).name).toBe('cold name');
    expect((await live.read()).name).toBe('live name');
  });

  it('maps errors as Codex does', async () => {
    const inner = new InMemoryThreadStore();
    const { manager } = testManager({}, inner);
    await expect(manager.updateThreadMetadata('01a1fda6-37d0-70f3-88c6-44503b200000', { name: 'x' })).rejects.toSatisfy(
      code('thread_not_found'),
    );
    const thread = await manager.startThread();
    await textTurn(thread, 'one', 'r1');
    await expect(manager.updateThreadMetadata(thread.threadId, { name: 42 } as never)).rejects.toSatisfy(
      code('invalid_request'),
    );
    await expect(manager.updateThreadMetadata('nope', { name: 'x' })).rejects.toSatisfy(code('invalid_request'));

    const unsupported = testManager(
      {},
      delegatingStore(inner, {
        updateThreadMetadata: async () => {
          throw ThreadStoreError.unsupported('update_thread_metadata');
        },
      }),
    ).manager;
    await expect(unsupported.updateThreadMetadata(thread.threadId, { name: 'x' })).rejects.toMatchObject({
      code: 'unsupported',
      message: 'thread metadata update is not supported by this store: update_thread_metadata',
    });
    const broken = testManager(
      {},
      delegatingStore(inner, {
        updateThreadMetadata: async () => {
          throw new Error('disk on fire');
        },
      }),
    ).manager;
    await expect(broken.updateThreadMetadata(thread.threadId, { name: 'x' })).rejects.toMatchObject({
      code: 'internal',
      message: `failed to update thread metadata ${thread.threadId}: disk on fire`,
    });
  });
});

describe('ThreadManager.shutdownAll', () => {
  it('returns within its timeout when a store hangs, reporting each thread', async () => {
    const inner = new InMemoryThreadStore();
    let hung = '';
    const store = delegatingStore(inner, {
      shutdownThread: (threadId) => (threadId === hung ? never() : inner.shutdownThread(threadId)),
    });
    const { manager } = testManager({}, store);
    const ok = await manager.startThread();
    await textTurn(ok, 'fine', 'r');
    const stuck = await manager.startThread();
    await textTurn(stuck, 'stuck', 'r');
    const internal = await manager.startThread({ source: { internal: 'memory_consolidation' } });
    hung = stuck.threadId;

    const started = Date.now();
    const result = await manager.shutdownAll({ timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toEqual({
      completed: [ok.threadId, internal.threadId].sort(),
      failed: [],
      timedOut: [stuck.threadId],
    });
    // Completed threads are unloaded; the hung one stays.
    expect(manager.listLoadedThreads().map((t) => t.threadId)).toEqual([stuck.threadId]);
    expect(ok.status).toBe('shut_down');
    expect(stuck.status).toBe('shutting_down');
  });

  it('reports failed shutdowns and keeps those threads loaded', async () => {
    const inner = new InMemoryThreadStore();
    const store = delegatingStore(inner, {
      shutdownThread: async () => {
        throw ThreadStoreError.internal('cannot close');
      },
    });
    const { manager } = testManager({}, store);
    const thread = await manager.startThread();
    await textTurn(thread, 'x', 'y');
    expect(await manager.shutdownAll({ timeoutMs: 1000 })).toEqual({
      completed: [],
      failed: [thread.threadId],
      timedOut: [],
    });
    expect(manager.getThread(thread.threadId)).toBe(thread);
  });

  it('interrupts a turn still in progress', async () => {
    const { manager, store } = testManager();
    const thread = await manager.startThread();
    const turn = await thread.startTurn({ input: 'long task' });
    await turn.addAgentMessage('working');
    expect((await manager.shutdownAll({ timeoutMs: 1000 })).completed).toEqual([thread.threadId]);
    const { items } = await store.loadHistory({ threadId: thread.threadId });
    expect(items.at(-1)!.payload).toMatchObject({ type: 'turn_aborted', turn_id: turn.turnId, reason: 'interrupted' });
    expect(turn.status).toBe('aborted');
  });
});
