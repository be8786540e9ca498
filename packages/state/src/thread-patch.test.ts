import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StateError } from './errors';
import type { IndexedThread } from './indexed-thread';
import { BASE_TIME, sampleThread, useTempHomes } from './test-support/temp-home';
import type { ThreadIndex } from './thread-index';
import type { ThreadIndexPatch } from './thread-patch';

const { openIndex } = useTempHomes();

function seeded(): { index: ThreadIndex; threadId: string; before: IndexedThread } {
  const index = openIndex();
  const input = sampleThread({
    name: 'original name',
    title: 'original title',
    model: 'gpt-5',
    reasoningEffort: 'medium',
    updatedAt: BASE_TIME + 10_000,
    recencyAt: BASE_TIME + 10_000,
    threadSource: 'user',
    agentNickname: 'Scout',
    agentRole: 'explorer',
    agentPath: '/root/scout',
    gitInfo: { commitHash: 'aaa111', branch: 'main', repositoryUrl: 'https://example.com/a.git' },
    approvalMode: 'on-request',
    permissionProfile: { type: 'read_only' },
    tokenUsage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    firstUserMessage: 'fix the flaky test',
    memoryMode: 'enabled',
    forkedFromId: randomUUID(),
    parentThreadId: randomUUID(),
    cliVersion: '0.142.0',
    rolloutFile: { sizeBytes: 100, mtimeMs: BASE_TIME },
  });
  const before = index.upsertThread(input);
  return { index, threadId: input.threadId, before };
}

/** Field name in the patch → the value it sets, and how the row shows it. */
const SETTABLE: [keyof ThreadIndexPatch, unknown, Partial<IndexedThread>][] = [
  ['rolloutPath', '/moved.jsonl', { rolloutPath: '/moved.jsonl' }],
  ['rolloutFile', { sizeBytes: 5, mtimeMs: 7 }, { rolloutFile: { sizeBytes: 5, mtimeMs: 7 } }],
  ['forkedFromId', '11111111-1111-4111-8111-111111111111', { forkedFromId: '11111111-1111-4111-8111-111111111111' }],
  ['parentThreadId', '22222222-2222-4222-8222-222222222222', { parentThreadId: '22222222-2222-4222-8222-222222222222' }],
  ['preview', 'new preview', { preview: 'new preview' }],
  ['name', 'new name', { name: 'new name' }],
  ['title', 'new title', { title: 'new title' }],
  ['modelProvider', 'azure', { modelProvider: 'azure' }],
  ['model', 'gpt-6', { model: 'gpt-6' }],
  ['reasoningEffort', 'ultra', { reasoningEffort: 'ultra' }],
  ['createdAt', new Date(BASE_TIME - 1), { createdAt: new Date(BASE_TIME - 1) }],
  ['cwd', '/elsewhere', { cwd: '/elsewhere' }],
  ['cliVersion', '0.200.0', { cliVersion: '0.200.0' }],
  ['source', { custom: 'atlas' }, { source: { custom: 'atlas' }, sourceLabel: 'atlas' }],
  ['threadSource', 'automation', { threadSource: 'automation' }],
  ['historyMode', 'paginated', { historyMode: 'paginated' }],
  ['agentNickname', 'Ranger', { agentNickname: 'Ranger' }],
  ['agentRole', 'worker', { agentRole: 'worker' }],
  ['agentPath', '/root/ranger', { agentPath: '/root/ranger' }],
  ['approvalMode', 'never', { approvalMode: 'never' }],
  ['permissionProfile', { type: 'full' }, { permissionProfile: { type: 'full' } }],
  [
    'tokenUsage',
    { input_tokens: 9, output_tokens: 9, total_tokens: 18 },
    { tokenUsage: { input_tokens: 9, output_tokens: 9, total_tokens: 18 } },
  ],
  ['firstUserMessage', 'another first message', { firstUserMessage: 'another first message' }],
  ['memoryMode', 'disabled', { memoryMode: 'disabled' }],
];

/** Field name → how the row shows it after `null`. */
const CLEARABLE: [keyof ThreadIndexPatch, Partial<IndexedThread>][] = [
  ['rolloutFile', { rolloutFile: null }],
  ['forkedFromId', { forkedFromId: null }],
  ['parentThreadId', { parentThreadId: null }],
  ['preview', { preview: '' }],
  ['name', { name: null }],
  ['title', { title: null }],
  ['modelProvider', { modelProvider: null }],
  ['model', { model: null }],
  ['reasoningEffort', { reasoningEffort: null }],
  ['cwd', { cwd: '' }],
  ['cliVersion', { cliVersion: '' }],
  ['threadSource', { threadSource: null }],
  ['agentNickname', { agentNickname: null }],
  ['agentRole', { agentRole: null }],
  ['agentPath', { agentPath: null }],
  ['gitInfo', { gitInfo: null }],
  ['approvalMode', { approvalMode: null }],
  ['permissionProfile', { permissionProfile: null }],
  ['tokenUsage', { tokenUsage: null }],
  ['firstUserMessage', { firstUserMessage: null }],
  ['memoryMode', { memoryMode: null }],
];

describe('patchThread', () => {
  it.each(SETTABLE)('sets %s and leaves every other field alone', (field, value, shown) => {
    const { index, threadId, before } = seeded();
    const after = index.patchThread(threadId, { [field]: value });
    expect(after).toEqual({ ...before, ...shown });
    expect(index.getThread(threadId)).toEqual(after);
  });

  it.each(CLEARABLE)('clears %s with null and leaves every other field alone', (field, shown) => {
    const { index, threadId, before } = seeded();
    const after = index.patchThread(threadId, { [field]: null });
    expect(after).toEqual({ ...before, ...shown });
    expect(index.getThread(threadId)).toEqual(after);
  });

  it('leaves everything as it was for an empty patch or undefined fields', () => {
    const { index, threadId, before } = seeded();
    expect(index.patchThread(threadId, {})).toEqual(before);
    expect(index.patchThread(threadId, { name: undefined, gitInfo: undefined, model: undefined })).toEqual(before);
  });

  it.each(['rolloutPath', 'createdAt', 'updatedAt', 'advanceRecencyAt', 'source', 'historyMode'] as const)(
    'rejects null for %s, which cannot be absent, and changes nothing',
    (field) => {
      const { index, threadId, before } = seeded();
      expect(() => index.patchThread(threadId, { name: 'changed', [field]: null })).toThrow(
        expect.objectContaining({ code: 'invalid_request', field: `patch.${field}` }),
      );
      expect(index.getThread(threadId)).toEqual(before);
    },
  );

  it('merges git fields one by one', () => {
    const { index, threadId } = seeded();
    expect(index.patchThread(threadId, { gitInfo: { branch: 'feature' } })?.gitInfo).toEqual({
      commitHash: 'aaa111',
      branch: 'feature',
      repositoryUrl: 'https://example.com/a.git',
    });
    expect(index.patchThread(threadId, { gitInfo: { commitHash: null, repositoryUrl: 'https://x/b.git' } })?.gitInfo).toEqual({
      commitHash: null,
      branch: 'feature',
      repositoryUrl: 'https://x/b.git',
    });
    expect(index.patchThread(threadId, { gitInfo: {} })?.gitInfo).toEqual({
      commitHash: null,
      branch: 'feature',
      repositoryUrl: 'https://x/b.git',
    });
    // With all three cleared one by one the thread has no git info at all.
    expect(index.patchThread(threadId, { gitInfo: { branch: null, repositoryUrl: null } })?.gitInfo).toBeNull();
  });

  it('moves recency forward only', () => {
    const { index, threadId, before } = seeded();
    const later = before.recencyAt.getTime() + 60_000;
    expect(index.patchThread(threadId, { advanceRecencyAt: later })?.recencyAt).toEqual(new Date(later));
    expect(index.patchThread(threadId, { advanceRecencyAt: new Date(later - 30_000) })?.recencyAt).toEqual(new Date(later));
    expect(index.patchThread(threadId, { advanceRecencyAt: BASE_TIME - 1 })?.recencyAt).toEqual(new Date(later));
  });

  it('sets updatedAt as given, even backwards', () => {
    const { index, threadId, before } = seeded();
    const earlier = new Date(before.updatedAt.getTime() - 5_000);
    const after = index.patchThread(threadId, { updatedAt: earlier });
    expect(after?.updatedAt).toEqual(earlier);
    expect(after?.recencyAt).toEqual(before.recencyAt);
  });

  it('applies a combined patch in one step', () => {
    const { index, threadId, before } = seeded();
    const after = index.patchThread(threadId, {
      name: null,
      title: 'derived',
      model: 'gpt-6',
      gitInfo: { branch: 'dev' },
      updatedAt: BASE_TIME + 20_000,
      advanceRecencyAt: BASE_TIME + 20_000,
      memoryMode: 'disabled',
    });
    expect(after).toEqual({
      ...before,
      name: null,
      title: 'derived',
      model: 'gpt-6',
      gitInfo: { ...before.gitInfo, branch: 'dev' },
      updatedAt: new Date(BASE_TIME + 20_000),
      recencyAt: new Date(BASE_TIME + 20_000),
      memoryMode: 'disabled',
    });
  });

  it('returns undefined for an unknown thread and creates nothing', () => {
    const index = openIndex();
    const threadId = randomUUID();
    expect(index.patchThread(threadId, { name: 'ghost', updatedAt: BASE_TIME })).toBeUndefined();
    expect(index.getThread(threadId)).toBeUndefined();
    expect(index.countThreads()).toEqual({ active: 0, archived: 0 });
  });

  it('rejects unknown and malformed fields with invalid_request naming them, changing nothing', () => {
    const { index, threadId, before } = seeded();
    const cases: [unknown, string][] = [
      [{ nmae: 'typo' }, 'patch.nmae'],
      [{ name: 42 }, 'patch.name'],
      [{ gitInfo: { sha: 'abc' } }, 'patch.gitInfo.sha'],
      [{ updatedAt: 'yesterday' }, 'patch.updatedAt'],
      [{ parentThreadId: 'not-a-uuid' }, 'patch.parentThreadId'],
      [{ rolloutFile: { sizeBytes: -1, mtimeMs: 0 } }, 'patch.rolloutFile.sizeBytes'],
      [{ permissionProfile: { bad: () => 1 } }, 'patch.permissionProfile'],
    ];
    for (const [patch, field] of cases) {
      let caught: unknown;
      try {
        index.patchThread(threadId, patch as ThreadIndexPatch);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(StateError);
      expect(caught).toMatchObject({ code: 'invalid_request', field });
    }
    expect(index.getThread(threadId)).toEqual(before);
  });
});
