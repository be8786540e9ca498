import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { STATE_DB_FILE_NAME } from './database-file';
import { StateError } from './errors';
import { BASE_TIME, sampleThread, useTempHomes } from './test-support/temp-home';
import { ThreadIndex } from './thread-index';

const { makeHome, openIndex } = useTempHomes();

function catchError(run: () => unknown): StateError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StateError);
    return error as StateError;
  }
  throw new Error('expected a StateError');
}

describe('ThreadIndex.open', () => {
  it('creates threadkit-state-1.sqlite under the SQLite home, in WAL mode', () => {
    const home = join(makeHome(), 'nested', 'sqlite');
    const index = openIndex({ sqliteHome: home });
    expect(index.path).toBe(join(home, STATE_DB_FILE_NAME));
    expect(existsSync(index.path)).toBe(true);
    expect(existsSync(`${index.path}-wal`)).toBe(true);
  });

  it('rejects bad options with invalid_request naming the option', () => {
    const error = catchError(() => ThreadIndex.open({ sqliteHome: '' }));
    expect(error.code).toBe('invalid_request');
    expect(error.field).toBe('options.sqliteHome');
    const unknown = catchError(() => ThreadIndex.open({ sqliteHome: makeHome(), sqlitehome: 'x' } as never));
    expect(unknown.field).toBe('options.sqlitehome');
  });

  it('reports use after close as closed', () => {
    const index = openIndex();
    index.close();
    index.close();
    expect(catchError(() => index.listThreads()).code).toBe('closed');
  });
});

describe('upsert and read', () => {
  it('stores every field and reads it back literally', () => {
    const index = openIndex();
    const parent = randomUUID();
    const input = sampleThread({
      forkedFromId: randomUUID(),
      parentThreadId: parent,
      name: 'My name',
      title: 'Derived title',
      model: 'gpt-5',
      reasoningEffort: 'high',
      updatedAt: new Date(BASE_TIME + 5_000),
      recencyAt: BASE_TIME + 3_000,
      cliVersion: '0.142.0',
      source: { subagent: { thread_spawn: { parent_thread_id: parent, depth: 1 } } },
      threadSource: 'subagent',
      historyMode: 'legacy',
      agentNickname: 'Scout',
      agentRole: 'explorer',
      agentPath: '/root/scout',
      gitInfo: { commitHash: 'abc123', branch: 'main', repositoryUrl: 'https://example.com/r.git' },
      approvalMode: { granular: { sandbox_approval: true } },
      permissionProfile: { type: 'read_only', network: false },
      tokenUsage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
      firstUserMessage: 'fix the flaky test please',
      memoryMode: 'disabled',
      rolloutFile: { sizeBytes: 1234, mtimeMs: BASE_TIME + 5_000.75 },
    });
    const written = index.upsertThread(input);
    const read = index.getThread(input.threadId);
    expect(read).toEqual(written);
    expect(read).toMatchObject({
      threadId: input.threadId,
      rolloutPath: input.rolloutPath,
      rolloutFile: { sizeBytes: 1234, mtimeMs: BASE_TIME + 5_000 },
      parentThreadId: parent,
      preview: 'fix the flaky test',
      name: 'My name',
      title: 'Derived title',
      modelProvider: 'openai',
      reasoningEffort: 'high',
      createdAt: new Date(BASE_TIME),
      updatedAt: new Date(BASE_TIME + 5_000),
      recencyAt: new Date(BASE_TIME + 3_000),
      archivedAt: null,
      cwd: '/work/project',
      source: input.source,
      sourceLabel: 'subagent_thread_spawn',
      gitInfo: { commitHash: 'abc123', branch: 'main', repositoryUrl: 'https://example.com/r.git' },
      approvalMode: { granular: { sandbox_approval: true } },
      permissionProfile: { type: 'read_only', network: false },
      tokenUsage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
      memoryMode: 'disabled',
    });
  });

  it('round-trips string values that need JSON escapes', () => {
    const index = openIndex();
    const thread = sampleThread({ source: 'odd "quoted" \\ source', approvalMode: 'on-\u2028request' });
    const row = index.upsertThread(thread);
    expect(row.source).toBe('odd "quoted" \\ source');
    expect(row.approvalMode).toBe('on-\u2028request');
    expect(index.getThread(thread.threadId)).toEqual(row);
  });

  it('fills a new row with literal defaults', () => {
    const index = openIndex();
    const threadId = randomUUID();
    const row = index.upsertThread({ threadId, rolloutPath: '/r.jsonl', createdAt: BASE_TIME });
    expect(row).toMatchObject({
      preview: '',
      name: null,
      modelProvider: null,
      updatedAt: new Date(BASE_TIME),
      recencyAt: new Date(BASE_TIME),
      cwd: '',
      cliVersion: '',
      source: 'vscode',
      sourceLabel: 'vscode',
      historyMode: 'legacy',
      gitInfo: null,
      approvalMode: null,
      permissionProfile: null,
      tokenUsage: null,
      memoryMode: null,
      rolloutFile: null,
    });
  });

  it('keeps stored fields the input leaves out, and clears fields given as null', () => {
    const index = openIndex();
    const first = sampleThread({ name: 'keep me', model: 'gpt-5', gitInfo: { branch: 'main' } });
    index.upsertThread(first);
    const again = index.upsertThread({
      threadId: first.threadId,
      rolloutPath: first.rolloutPath,
      createdAt: first.createdAt,
      model: null,
      preview: 'new preview',
    });
    expect(again).toMatchObject({ name: 'keep me', model: null, preview: 'new preview' });
    expect(again.gitInfo).toEqual({ commitHash: null, branch: 'main', repositoryUrl: null });
  });

  it('normalises thread ids to lowercase and stores an empty provider as none', () => {
    const index = openIndex();
    const upper = randomUUID().toUpperCase();
    index.upsertThread(sampleThread({ threadId: upper, modelProvider: '' }));
    expect(index.getThread(upper.toLowerCase())?.modelProvider).toBeNull();
    expect(index.getThread(upper)?.threadId).toBe(upper.toLowerCase());
  });

  it('rejects bad rows with invalid_request naming the field and writes nothing', () => {
    const index = openIndex();
    const cases: [unknown, string][] = [
      [{ ...sampleThread(), threadId: '../../etc/passwd' }, 'thread.threadId'],
      [{ ...sampleThread(), createdAt: new Date('nope') }, 'thread.createdAt'],
      [{ ...sampleThread(), createdAt: 1.5 }, 'thread.createdAt'],
      [{ ...sampleThread(), rolloutPath: '' }, 'thread.rolloutPath'],
      [{ ...sampleThread(), tokenUsage: { total_tokens: 'many' } }, 'thread.tokenUsage.input_tokens'],
      [{ ...sampleThread(), gitInfo: { sha: 'abc' } }, 'thread.gitInfo.sha'],
      [{ ...sampleThread(), colour: 'blue' }, 'thread.colour'],
    ];
    for (const [input, field] of cases) {
      const error = catchError(() => index.upsertThread(input as never));
      expect(error.code).toBe('invalid_request');
      expect(error.field).toBe(field);
    }
    expect(index.countThreads()).toEqual({ active: 0, archived: 0 });
  });

  it('upserts a batch all or nothing', () => {
    const index = openIndex();
    const good = [sampleThread(), sampleThread()];
    expect(index.upsertThreads(good)).toBe(2);
    const error = catchError(() => index.upsertThreads([sampleThread(), { ...sampleThread(), createdAt: 'x' } as never]));
    expect(error.field).toBe('threads.1.createdAt');
    expect(index.countThreads()).toEqual({ active: 2, archived: 0 });
  });

  it('finds a thread by rollout path', () => {
    const index = openIndex();
    const thread = sampleThread();
    index.upsertThread(thread);
    expect(index.findThreadByRolloutPath(thread.rolloutPath)?.threadId).toBe(thread.threadId);
    expect(index.findThreadByRolloutPath('/nowhere.jsonl')).toBeUndefined();
  });

  it('rejects a malformed thread id on reads', () => {
    const index = openIndex();
    const error = catchError(() => index.getThread('not-a-uuid'));
    expect(error).toMatchObject({ code: 'invalid_request', field: 'threadId' });
  });
});

describe('archive, unarchive, delete', () => {
  it('moves a row between the collections with its new rollout path', () => {
    const index = openIndex();
    const thread = sampleThread();
    index.upsertThread(thread);
    const archivedPath = `/home/u/.codex/archived_sessions/rollout-${thread.threadId}.jsonl`;
    const archived = index.markArchived(thread.threadId, { rolloutPath: archivedPath, archivedAt: BASE_TIME + 1 });
    expect(archived).toMatchObject({ rolloutPath: archivedPath, archivedAt: new Date(BASE_TIME + 1) });
    expect(index.listThreads().items).toHaveLength(0);
    expect(index.listThreads({ archived: true }).items.map((t) => t.threadId)).toEqual([thread.threadId]);
    expect(index.countThreads()).toEqual({ active: 0, archived: 1 });

    const restored = index.markUnarchived(thread.threadId, {
      rolloutPath: thread.rolloutPath,
      updatedAt: BASE_TIME + 99,
      rolloutFile: { sizeBytes: 10, mtimeMs: BASE_TIME + 99 },
    });
    expect(restored).toMatchObject({
      archivedAt: null,
      rolloutPath: thread.rolloutPath,
      updatedAt: new Date(BASE_TIME + 99),
      rolloutFile: { sizeBytes: 10, mtimeMs: BASE_TIME + 99 },
    });
    expect(index.listThreads().items).toHaveLength(1);
  });

  it('returns undefined for unknown threads and creates nothing', () => {
    const index = openIndex();
    expect(index.markArchived(randomUUID(), { rolloutPath: '/a.jsonl' })).toBeUndefined();
    expect(index.markUnarchived(randomUUID(), { rolloutPath: '/a.jsonl' })).toBeUndefined();
    expect(index.countThreads()).toEqual({ active: 0, archived: 0 });
  });

  it('deletes a row', () => {
    const index = openIndex();
    const thread = sampleThread();
    index.upsertThread(thread);
    expect(index.deleteThread(thread.threadId)).toBe(true);
    expect(index.deleteThread(thread.threadId)).toBe(false);
    expect(index.getThread(thread.threadId)).toBeUndefined();
  });

  it('reports a clean database as intact, and a full-text index out of step as a problem', () => {
    const home = makeHome();
    const index = openIndex({ sqliteHome: home });
    const thread = sampleThread();
    index.upsertThread(thread);
    expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });

    const raw = new Database(index.path);
    raw.exec('DROP TRIGGER threads_fts_after_delete');
    raw.prepare('DELETE FROM threads WHERE thread_id = ?').run(thread.threadId);
    raw.close();
    const report = index.checkIntegrity();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^threads_fts: /)]);
  });
});
