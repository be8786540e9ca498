import {
  type CodexAppServer,
  codexFixture,
  codexInteropEnabled,
  ensureCodexCli,
  startCodexAppServer,
  turnTexts,
} from '@threadkit/codex-interop';
import { newThreadId } from '@threadkit/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadHistoryItem } from '../types/common';
import { LocalThreadStore } from './local-thread-store';
import { copyHome, tempDir } from './testing/temp-home';

// What threadkit writes, read back by the real Codex CLI. 0.142 is the release that reads names
// from session_index.jsonl (0.169 reads them only from its private SQLite).
const CODEX = '0.142.0';
const MODES = ['sqlite', 'none'] as const;
const RENAMED = '01a1fda6-3265-74d3-ab3a-37fb1ee8cbce';
const TO_ARCHIVE = '01a1fda6-3b8a-7792-8e1c-b22826e2c31c';

const event = (payload: Record<string, unknown>): ThreadHistoryItem => ({ type: 'event_msg', payload }) as ThreadHistoryItem;

/** One Codex-shaped turn: the items Codex 0.142 writes for a user message answered by the model. */
function turn(turnId: string, question: string, answer: string, cwd: string): ThreadHistoryItem[] {
  return [
    event({ type: 'task_started', turn_id: turnId, model_context_window: null }),
    {
      type: 'turn_context',
      payload: { turn_id: turnId, cwd, approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model: 'mock-model', summary: 'auto' },
    } as ThreadHistoryItem,
    {
      type: 'response_item',
      payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: question }] },
    } as ThreadHistoryItem,
    event({ type: 'user_message', message: question, images: [], local_images: [], text_elements: [] }),
    event({ type: 'agent_message', message: answer }),
    {
      type: 'response_item',
      payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answer }] },
    } as ThreadHistoryItem,
    event({ type: 'task_complete', turn_id: turnId, last_agent_message: answer }),
  ];
}

describe.runIf(codexInteropEnabled())(`Codex ${CODEX} reads what LocalThreadStore wrote`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  beforeAll(async () => {
    await ensureCodexCli(CODEX);
  }, 10 * 60_000);

  async function serve(home: string): Promise<CodexAppServer> {
    const codex = await startCodexAppServer({ version: CODEX, codexHome: home });
    cleanups.push(() => codex.close());
    return codex;
  }

  async function fixtureCopy(index: 'sqlite' | 'none') {
    const home = await copyHome(codexFixture(CODEX).home);
    const store = await LocalThreadStore.open({ home: home.path, index });
    cleanups.push(async () => {
      await store.close();
      await home.remove();
    });
    return { home: home.path, store };
  }

  it.each(MODES)('shows a rename made through updateThreadMetadata (index: %s)', async (index) => {
    const { home, store } = await fixtureCopy(index);
    const updated = await store.updateThreadMetadata({ threadId: RENAMED, patch: { name: 'Renamed by threadkit' } });
    expect(updated.name).toBe('Renamed by threadkit');
    const codex = await serve(home);
    const listed = await codex.listThreads();
    expect(listed.find((t) => t.id === RENAMED)?.name).toBe('Renamed by threadkit');
    expect((await codex.readThread(RENAMED)).name).toBe('Renamed by threadkit');
    expect(codex.outboundAttempts()).toEqual([]);
  });

  it.each(MODES)('shows a thread archived through archiveThread in its archived list (index: %s)', async (index) => {
    const { home, store } = await fixtureCopy(index);
    await store.archiveThread({ threadId: TO_ARCHIVE });
    const codex = await serve(home);
    const archived = await codex.listThreads({ archived: true });
    expect(archived.map((t) => t.id)).toContain(TO_ARCHIVE);
    expect((await codex.listThreads()).map((t) => t.id)).not.toContain(TO_ARCHIVE);
    const ours = await store.listThreads({ archived: true, modelProviders: [], pageSize: 100 });
    expect(ours.items.map((t) => t.threadId).sort()).toEqual(archived.map((t) => t.id).sort());
  });

  it.each(MODES)('shows a git change made through updateThreadMetadata (index: %s)', async (index) => {
    const { home, store } = await fixtureCopy(index);
    const threadId = '01a1fda6-2ee8-7e81-a228-b41a8093b8f1';
    await store.updateThreadMetadata({
      threadId,
      patch: { gitInfo: { branch: 'release/1.0', originUrl: 'https://example.com/project.git' } },
    });
    const codex = await serve(home);
    const read = await codex.readThread(threadId);
    expect(read.gitInfo).toEqual({
      sha: '05fd7b3d2e15a3773b847dd813b4dfeb5b9c5770',
      branch: 'release/1.0',
      originUrl: 'https://example.com/project.git',
    });
  });

  it.each(MODES)('sees renames and archives made by Codex itself (index: %s)', async (index) => {
    const { home, store } = await fixtureCopy(index);
    // The index (if any) is built before Codex changes anything.
    expect((await store.listThreads({ modelProviders: [], pageSize: 100 })).items).toHaveLength(9);
    const codex = await serve(home);
    await codex.setThreadName(RENAMED, 'Named in Codex');
    await codex.archiveThread(TO_ARCHIVE);
    await store.reindex();
    expect((await store.readThread({ threadId: RENAMED })).name).toBe('Named in Codex');
    const found = await store.listThreads({ modelProviders: [], searchTerm: 'Codex' });
    expect(found.items.map((t) => t.threadId)).toEqual([RENAMED]);
    const archived = await store.listThreads({ modelProviders: [], archived: true, pageSize: 100 });
    expect(archived.items.map((t) => t.threadId)).toContain(TO_ARCHIVE);
    await expect(store.readThread({ threadId: TO_ARCHIVE })).rejects.toMatchObject({ code: 'thread_not_found' });
  });

  it.each(MODES)('lists, reads and names a thread created through the store (index: %s)', async (index) => {
    const home = await tempDir('threadkit-codex-home-');
    const store = await LocalThreadStore.open({ home: home.path, index, defaultModelProvider: 'mock' });
    cleanups.push(async () => {
      await store.close();
      await home.remove();
    });
    const threadId = newThreadId();
    const cwd = '/workspace/threadkit';
    await store.createThread({
      threadId,
      source: 'cli',
      threadSource: 'user',
      cwd,
      originator: 'threadkit_test',
      cliVersion: '0.0.0-threadkit',
      modelProvider: 'mock',
      baseInstructions: { text: 'You are a test.' },
    });
    await store.appendItems({
      threadId,
      items: [
        ...turn('turn-1', 'Plan the release, please', 'Here is the plan.', cwd),
        ...turn('turn-2', 'And the changelog?', 'Changelog drafted.', cwd),
      ],
    });
    await store.shutdownThread(threadId);
    await store.updateThreadMetadata({ threadId, patch: { name: 'Release planning' } });

    const codex = await serve(home.path);
    const listed = await codex.listThreads();
    expect(listed.map((t) => ({ id: t.id, preview: t.preview, name: t.name, cwd: t.cwd, source: t.source }))).toEqual([
      { id: threadId, preview: 'Plan the release, please', name: 'Release planning', cwd, source: 'cli' },
    ]);
    const read = await codex.readThread(threadId, { includeTurns: true });
    expect(turnTexts(read).map((t) => t.items)).toEqual([
      [
        { type: 'userMessage', text: 'Plan the release, please' },
        { type: 'agentMessage', text: 'Here is the plan.' },
      ],
      [
        { type: 'userMessage', text: 'And the changelog?' },
        { type: 'agentMessage', text: 'Changelog drafted.' },
      ],
    ]);
  });
});
