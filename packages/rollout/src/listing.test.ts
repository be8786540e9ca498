import { utimesSync } from 'node:fs';
import { sessionSourceKind } from '@threadkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRolloutError } from './errors';
import { type ListRolloutsOptions, type ListedRollout, listRollouts } from './listing';
import { readThreadNames } from './session-index';
import { copyFixtureHome, type FixtureVersion, readExpected, tempDir } from './testing/homes';
import { writeSyntheticRollout } from './testing/synthetic';

/** The app-server renders sources in camelCase; rollouts hold Codex's snake_case enum. */
function appServerSource(source: unknown): string {
  const kind = sessionSourceKind(source);
  return kind === 'mcp' ? 'appServer' : kind === 'subagent' ? 'subAgent' : kind;
}

async function listAll(home: string, options: ListRolloutsOptions): Promise<ListedRollout[]> {
  const all: ListedRollout[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listRollouts(home, { ...options, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return all;
  }
  throw new Error('listing did not end');
}

describe.each(['0.142', '0.169'] as FixtureVersion[])('file-scan listing of the Codex %s fixture home', (version) => {
  const expected = readExpected(version);
  let home: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ home, cleanup } = copyFixtureHome(version));
  });
  afterAll(() => cleanup());

  for (const collection of ['active', 'archived'] as const) {
    it(`returns exactly the ${collection} threads Codex reported, newest first, with the same facts`, async () => {
      const page = await listRollouts(home, { archived: collection === 'archived', pageSize: 100 });
      const want = expected[collection];
      expect(page.items.map((t) => t.threadId)).toEqual(want.map((t) => t.id));
      expect(page.nextCursor).toBeUndefined();
      for (const [i, item] of page.items.entries()) {
        const reported = want[i]!;
        expect(item.preview).toBe(reported.preview);
        expect(appServerSource(item.source)).toBe(reported.source);
        expect(item.modelProvider).toBe(reported.modelProvider);
        expect(item.cwd).toBe(reported.cwd);
        expect(item.cliVersion).toBe(reported.cliVersion);
        expect(Math.floor(item.createdAt.getTime() / 1000)).toBe(reported.createdAt);
        expect(item.archived).toBe(collection === 'archived');
        expect(item.path.endsWith(reported.path.replace('/codex-home/', '/'))).toBe(true);
      }
      // Created-time order, as expected.json lists them.
      const created = page.items.map((t) => Math.floor(t.createdAt.getTime() / 1000));
      expect(created).toEqual([...created].sort((a, b) => b - a));
    });
  }

  it('pages one thread at a time in both directions without skipping or repeating', async () => {
    const ids = expected.active.map((t) => t.id);
    const desc = await listAll(home, { pageSize: 1 });
    expect(desc.map((t) => t.threadId)).toEqual(ids);
    const asc = await listAll(home, { pageSize: 2, sortDirection: 'asc' });
    expect(asc.map((t) => t.threadId)).toEqual([...ids].reverse());
  });

  it('pages by update time even when every file has the same mtime', async () => {
    const page = await listRollouts(home, { pageSize: 100 });
    const same = new Date('2030-01-01T00:00:00Z');
    for (const item of page.items) utimesSync(item.actualPath, same, same);
    const byUpdate = await listAll(home, { pageSize: 3, sortKey: 'updated_at' });
    expect(byUpdate.map((t) => t.threadId).sort()).toEqual(expected.active.map((t) => t.id).sort());
    expect(new Set(byUpdate.map((t) => t.threadId)).size).toBe(byUpdate.length);
    expect(byUpdate.every((t) => t.updatedAt.getTime() === same.getTime())).toBe(true);
  });

  it('stops at the scan cap with a cursor that resumes where it stopped', async () => {
    const first = await listRollouts(home, { pageSize: 100, maxFilesScanned: 3 });
    expect(first.filesScanned).toBe(3);
    expect(first.reachedScanCap).toBe(true);
    expect(first.nextCursor).toBeDefined();
    const all = await listAll(home, { pageSize: 100, maxFilesScanned: 3 });
    expect(all.map((t) => t.threadId)).toEqual(expected.active.map((t) => t.id));
  });

  it('filters by cwd and by provider', async () => {
    const cwd = expected.active[0]!.cwd;
    const byCwd = await listRollouts(home, { cwds: [`${cwd}/`] });
    expect(byCwd.items.map((t) => t.threadId)).toEqual(expected.active.filter((t) => t.cwd === cwd).map((t) => t.id));
    expect((await listRollouts(home, { cwds: [] })).items).toEqual([]);
    expect((await listRollouts(home, { modelProviders: ['openai'] })).items).toEqual([]);
    expect((await listRollouts(home, { modelProviders: ['mock'], pageSize: 100 })).items).toHaveLength(expected.active.length);
  });

  it('filters by source', async () => {
    const exec = await listRollouts(home, { sources: ['exec'], pageSize: 100 });
    expect(exec.items.map((t) => t.threadId)).toEqual(expected.active.filter((t) => t.source === 'exec').map((t) => t.id));
    const vscode = await listRollouts(home, { sources: ['vscode'], pageSize: 100 });
    expect(vscode.items.map((t) => t.threadId)).toEqual(expected.active.filter((t) => t.source === 'vscode').map((t) => t.id));
  });

  it('resolves names from session_index.jsonl as Codex did', async () => {
    const all = [...expected.active, ...expected.archived];
    const names = await readThreadNames(
      home,
      all.map((t) => t.id),
    );
    for (const thread of all) expect(names.get(thread.id) ?? null).toBe(thread.name);
  });
});

describe('file-scan listing on synthetic homes', () => {
  let home: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir: home, cleanup } = tempDir());
  });
  afterAll(() => cleanup());

  it('never skips or repeats threads created in the same second', async () => {
    const second = new Date('2026-03-04T05:06:07.000Z');
    const ids = Array.from({ length: 7 }, (_, i) => `0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e${String(10 + i)}`);
    for (const id of ids) writeSyntheticRollout(home, { id, startedAt: second, preview: `hello ${id}` });
    for (const pageSize of [1, 2, 3]) {
      const all = await listAll(home, { pageSize });
      expect(all.map((t) => t.threadId)).toEqual([...ids].reverse());
      const asc = await listAll(home, { pageSize, sortDirection: 'asc' });
      expect(asc.map((t) => t.threadId)).toEqual(ids);
    }
  });

  it('applies the default-provider rule to threads that name no provider', async () => {
    const { dir, cleanup: done } = tempDir();
    try {
      const startedAt = new Date('2026-01-01T00:00:00Z');
      writeSyntheticRollout(dir, { id: '0190f6b2-0000-7000-8000-000000000001', startedAt, modelProvider: null, preview: 'no provider' });
      writeSyntheticRollout(dir, { id: '0190f6b2-0000-7000-8000-000000000002', startedAt, modelProvider: 'other', preview: 'other' });
      const ids = async (options: ListRolloutsOptions) => (await listRollouts(dir, options)).items.map((t) => t.preview);
      expect(await ids({ modelProviders: ['openai'], defaultModelProvider: 'openai' })).toEqual(['no provider']);
      expect(await ids({ modelProviders: ['other'], defaultModelProvider: 'openai' })).toEqual(['other']);
      expect(await ids({ modelProviders: ['openai'] })).toEqual([]);
      expect(await ids({})).toEqual(['other', 'no provider']);
    } finally {
      done();
    }
  });

  it('leaves out files without a session_meta or a preview, and lists long preambles up to line 210', async () => {
    const { dir, cleanup: done } = tempDir();
    try {
      const startedAt = new Date('2026-02-01T00:00:00Z');
      const filler = (n: number) =>
        Array.from({ length: n }, () => JSON.stringify({ timestamp: startedAt.toISOString(), type: 'event_msg', payload: { type: 'token_count', info: null } }));
      writeSyntheticRollout(dir, { id: '0190f6b2-0000-7000-8000-00000000000a', startedAt, preview: undefined });
      writeSyntheticRollout(dir, { id: '0190f6b2-0000-7000-8000-00000000000b', startedAt, preamble: filler(150), preview: 'late' });
      writeSyntheticRollout(dir, { id: '0190f6b2-0000-7000-8000-00000000000c', startedAt, preamble: filler(260), preview: 'too late' });
      const page = await listRollouts(dir, {});
      expect(page.items.map((t) => t.preview)).toEqual(['late']);
    } finally {
      done();
    }
  });

  it('rejects malformed cursors and cursors of another sort key with invalid_request', async () => {
    for (const cursor of ['', 'not a cursor', Buffer.from('{"k":"created_at"}').toString('base64url'), '!!!!']) {
      await expect(listRollouts(home, { cursor })).rejects.toSatisfy((e) => isRolloutError(e, 'invalid_request'));
    }
    const page = await listRollouts(home, { pageSize: 1 });
    await expect(listRollouts(home, { cursor: page.nextCursor, sortKey: 'updated_at' })).rejects.toSatisfy((e) =>
      isRolloutError(e, 'invalid_request'),
    );
    await expect(listRollouts(home, { pageSize: 0 })).rejects.toSatisfy((e) => isRolloutError(e, 'invalid_request'));
  });
});
