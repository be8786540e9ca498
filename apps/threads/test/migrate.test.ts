import { readFile, rm, writeFile } from 'node:fs/promises';
import { codexFixture, copyCodexHome } from '@threadkit/codex-interop';
import { ThreadManager } from '@threadkit/core';
import { PostgresThreadStore } from '@threadkit/store-postgres';
import { LocalThreadStore, ThreadStoreError, type ThreadStore } from '@threadkit/thread-store';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/program';
import type { PostgresOpener } from '../src/store/open-postgres-store';
import { openLocalStore } from '../src/store/open-local-store';
import { capturedIo } from './support/captured-io';
import { hashTree } from './support/home-hash';
import { emptyHome } from './support/memory-home';
import { lazyPGlite, listedFields, pgliteOpener, uniqueSchema } from './support/postgres';

const fixture = codexFixture('0.142.0');
const FIXTURE_THREADS = fixture.expected.active.length + fixture.expected.archived.length;
const TO = 'postgres://me@db.example:5432/threads';

interface MigrateJson {
  home: string;
  to: string;
  schema: string;
  threads: number;
  imported: number;
  replaced: number;
  skipped: number;
  notCopied: { threadId: string; reason: string; message: string }[];
  durationMs: number;
}

const pglite = lazyPGlite();
afterAll(() => pglite.close());

describe('threads migrate (on PGlite)', () => {
  let home: { path: string; remove: () => Promise<void> };
  let schema: string;
  let opened: PostgresThreadStore[];

  beforeEach(async () => {
    home = await copyCodexHome(fixture.home);
    schema = uniqueSchema();
    opened = [];
  });
  afterEach(async () => {
    for (const store of opened) await store.close();
    await home.remove();
    await (await pglite.get()).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  async function migrate(argv: string[] = [], opener?: PostgresOpener) {
    const io = capturedIo();
    const openPostgres = opener ?? pgliteOpener(await pglite.get());
    const code = await runCli(['--home', home.path, 'migrate', '--to', TO, '--schema', schema, ...argv], io, {
      openStore: openLocalStore,
      openPostgres,
    });
    return { code, stdout: io.output(), stderr: io.errors() };
  }

  async function migrateJson(argv: string[] = [], opener?: PostgresOpener) {
    const run = await migrate(['--json', ...argv], opener);
    return { ...run, result: JSON.parse(run.stdout) as MigrateJson };
  }

  async function copyStore(): Promise<PostgresThreadStore> {
    const store = await PostgresThreadStore.open({ pglite: await pglite.get(), schema });
    opened.push(store);
    return store;
  }

  /** The home as the CLI reads it (with the index only if one exists). */
  async function withLocal<T>(work: (store: ThreadStore) => Promise<T>): Promise<T> {
    const { store, close } = await openLocalStore({ home: home.path, access: 'read' });
    try {
      return await work(store);
    } finally {
      await close();
    }
  }

  async function storedLines(threadId: string): Promise<string[]> {
    const db = await pglite.get();
    const rows = await db.query<{ line: string }>(
      `SELECT line FROM "${schema}".thread_items WHERE thread_id = $1 ORDER BY seq`,
      [threadId],
    );
    return rows.rows.map((row) => row.line);
  }

  async function expectSameListing(): Promise<void> {
    const copy = await copyStore();
    for (const archived of [false, true]) {
      const local = await withLocal((store) => listedFields(store, archived));
      expect(local.length).toBeGreaterThan(0);
      expect(await listedFields(copy, archived)).toEqual(local);
    }
  }

  it('copies the fixture home: the copy lists identically, and every rollout line byte for byte', async () => {
    const before = await hashTree(home.path);
    const { code, result, stderr } = await migrateJson();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(result).toMatchObject({
      home: home.path,
      to: 'postgres://me@db.example:5432/threads',
      schema,
      threads: FIXTURE_THREADS,
      imported: FIXTURE_THREADS,
      replaced: 0,
      skipped: 0,
      notCopied: [],
    });
    expect(await hashTree(home.path)).toBe(before);
    await expectSameListing();

    const copy = await copyStore();
    await withLocal(async (local) => {
      for (const expected of [...fixture.expected.active, ...fixture.expected.archived]) {
        const thread = await local.readThread({ threadId: expected.id, includeArchived: true, includeHistory: true });
        const file = (await readFile(thread.rolloutPath!, 'utf8')).split('\n').filter((line) => line !== '');
        expect(await storedLines(expected.id)).toEqual(file);
        const { history, ...fields } = thread;
        expect(await copy.readThread({ threadId: expected.id, includeArchived: true })).toEqual({
          ...fields,
          rolloutPath: null,
        });
        expect((await copy.loadHistory({ threadId: expected.id, includeArchived: true })).items).toEqual(history!.items);
      }
    });
  });

  it('skips what is already copied when run again', async () => {
    expect((await migrate()).code).toBe(0);
    const again = await migrateJson();
    expect(again.code).toBe(0);
    expect(again.result).toMatchObject({ threads: FIXTURE_THREADS, imported: 0, replaced: 0, skipped: FIXTURE_THREADS });
  });

  it('finishes an interrupted run: threads copied whole are skipped, the rest copied', async () => {
    const db = await pglite.get();
    let imports = 0;
    const dropsTheConnection: PostgresOpener = pgliteOpener(db, (store) => ({
      readThread: (params) => store.readThread(params),
      loadHistory: (params) => store.loadHistory(params),
      importThread: async (params) => {
        if (++imports > 4) {
          throw ThreadStoreError.internal('importThread: lost the connection to postgres://me@db.example:5432/threads');
        }
        return store.importThread(params);
      },
    }));
    const interrupted = await migrate([], dropsTheConnection);
    expect(interrupted.code).toBe(1);
    expect(interrupted.stdout).toBe('');
    expect(interrupted.stderr.trimEnd().split('\n').at(-1)).toBe(
      'threads: thread-store internal error: importThread: lost the connection to postgres://me@db.example:5432/threads' +
        ` (stopped after 4 of ${FIXTURE_THREADS} threads; run it again to copy the rest)`,
    );

    const resumed = await migrateJson();
    expect(resumed.code).toBe(0);
    expect(resumed.result).toMatchObject({ imported: FIXTURE_THREADS - 4, replaced: 0, skipped: 4, notCopied: [] });
    await expectSameListing();
  });

  it('replaces a thread copied partially, or changed in the home since', async () => {
    expect((await migrate()).code).toBe(0);
    const copy = await copyStore();
    const [partial, renamed] = fixture.expected.active.map((thread) => thread.id);
    const thread = await copy.readThread({ threadId: partial!, includeArchived: true });
    const lines = (await storedLines(partial!)).slice(0, 2).map((line) => JSON.parse(line));
    await copy.importThread({ thread: { ...thread, updatedAt: new Date(0) }, lines, ifExists: 'replace' });
    expect(await storedLines(partial!)).toHaveLength(2);
    await withLocal((local) => local.updateThreadMetadata({ threadId: renamed!, patch: { name: 'renamed after the copy' } }));

    const again = await migrateJson();
    expect(again.code).toBe(0);
    expect(again.result).toMatchObject({ imported: 0, replaced: 2, skipped: FIXTURE_THREADS - 2 });
    const file = await withLocal(async (local) => (await local.readThread({ threadId: partial! })).rolloutPath!);
    expect(await storedLines(partial!)).toEqual((await readFile(file, 'utf8')).trimEnd().split('\n'));
    expect((await copy.readThread({ threadId: renamed! })).name).toBe('renamed after the copy');
    await expectSameListing();
  });

  it('leaves a copy continued in PostgreSQL unless --overwrite, and says so', async () => {
    expect((await migrate()).code).toBe(0);
    const copy = await copyStore();
    const continued = fixture.expected.active[0]!.id;
    const manager = new ThreadManager({ store: copy, defaults: { model: 'gpt-5', collectGit: false } });
    const thread = await manager.resumeThread({ threadId: continued });
    const turn = await thread.startTurn({ input: 'asked in PostgreSQL' });
    await turn.addAgentMessage('answered in PostgreSQL');
    await turn.complete();
    await manager.shutdownAll({ timeoutMs: 5_000 });
    const linesInCopy = await storedLines(continued);

    const kept = await migrateJson();
    expect(kept.code).toBe(1);
    expect(kept.result.notCopied).toEqual([
      { threadId: continued, reason: 'diverged', message: expect.stringContaining('--overwrite replaces it') },
    ]);
    expect(kept.result).toMatchObject({ imported: 0, replaced: 0, skipped: FIXTURE_THREADS - 1 });
    expect(kept.stderr).toBe(
      `threads: not copied: ${continued}: ${kept.result.notCopied[0]!.message}\nthreads: 1 of ${FIXTURE_THREADS} threads were not copied\n`,
    );
    expect(await storedLines(continued)).toEqual(linesInCopy);

    const overwritten = await migrateJson(['--overwrite']);
    expect(overwritten.code).toBe(0);
    expect(overwritten.result).toMatchObject({ replaced: 1, notCopied: [] });
    const file = await withLocal(async (local) => (await local.readThread({ threadId: continued })).rolloutPath!);
    expect(await storedLines(continued)).toEqual((await readFile(file, 'utf8')).trimEnd().split('\n'));
  });

  it('reads cold .jsonl.zst rollouts', async () => {
    const threadId = fixture.expected.active[1]!.id;
    const path = await withLocal(async (local) => (await local.readThread({ threadId })).rolloutPath!);
    const bytes = await readFile(path);
    await writeFile(`${path}.zst`, zstdStoredFrame(bytes));
    await rm(path);
    const { code, result } = await migrateJson();
    expect(code).toBe(0);
    expect(result.imported).toBe(FIXTURE_THREADS);
    expect(await storedLines(threadId)).toEqual(bytes.toString('utf8').trimEnd().split('\n'));
  });

  it('prints one summary line, and progress as plain lines on stderr in a pipe', async () => {
    const { code, stdout, stderr } = await migrate();
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^Threads of ${home.path} copied to postgres://me@db\\.example:5432/threads \\(schema ${schema}\\): 10 new \\(10 in all, \\d+\\.\\d s\\)\\.\\n$`,
      ),
    );
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('copied 0/10 threads (0%)');
    expect(lines.at(-1)).toBe('copied 10/10 threads (100%)');
    for (const line of lines) expect(line).toMatch(/^copied \d+\/10 threads \(\d+%\)$/);
  });

  it("reports each of Codex's paginated threads as not copied, and exits 1", async () => {
    const paginated = codexFixture('0.169.0');
    const other = await copyCodexHome(paginated.home);
    try {
      const io = capturedIo();
      const code = await runCli(['--home', other.path, '--json', 'migrate', '--to', TO, '--schema', schema], io, {
        openStore: openLocalStore,
        openPostgres: pgliteOpener(await pglite.get()),
      });
      expect(code).toBe(1);
      const result = JSON.parse(io.output()) as MigrateJson;
      const ids = [...paginated.expected.active, ...paginated.expected.archived].map((thread) => thread.id);
      expect(result).toMatchObject({ threads: ids.length, imported: 0 });
      expect(result.notCopied.map((entry) => entry.threadId).sort()).toEqual([...ids].sort());
      for (const entry of result.notCopied) expect(entry.reason).toBe('paginated');
      expect(io.errors().trimEnd().split('\n').at(-1)).toBe(`threads: ${ids.length} of ${ids.length} threads were not copied`);
    } finally {
      await other.remove();
    }
  });

  it('refuses a schema name PostgreSQL would need quoting for, as bad usage', async () => {
    const io = capturedIo();
    const code = await runCli(['--home', home.path, 'migrate', '--to', TO, '--schema', 'Bad-Name'], io, {
      openStore: openLocalStore,
    });
    expect(code).toBe(2);
    expect(io.errors()).toMatch(/^threads: option '--schema <name>' argument 'Bad-Name' is invalid\./);
  });
});

describe('threads migrate of a home recorded through ThreadManager (on PGlite)', () => {
  let home: { path: string; remove: () => Promise<void> };
  let schema: string;

  beforeEach(async () => {
    home = await emptyHome();
    schema = uniqueSchema();
  });
  afterEach(async () => {
    await home.remove();
    await (await pglite.get()).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  /** Four conversations (one exec on another provider, one named, one archived) and a thread nobody spoke in. */
  async function record(index: 'sqlite' | 'none'): Promise<{ silent: string }> {
    const store = await LocalThreadStore.open({ home: home.path, index });
    const manager = new ThreadManager({
      store,
      defaults: { model: 'gpt-5', modelProvider: 'openai', cwd: '/work/app', timezone: 'UTC', shell: 'bash', collectGit: false },
    });
    const ids: string[] = [];
    for (const [input, options] of [
      ['Why does the build fail on CI?', {}],
      ['Write the deploy notes', {}],
      ['Summarise the changelog', { source: 'exec', modelProvider: 'ollama', cwd: '/work/other' }],
      ['Plan the release', {}],
    ] as const) {
      const thread = await manager.startThread(options);
      const turn = await thread.startTurn({ input });
      await turn.addAgentMessage(`Answer to: ${input}`);
      await turn.complete();
      ids.push(thread.threadId);
    }
    const silent = await manager.startThread();
    await store.persistThread(silent.threadId);
    await manager.shutdownAll({ timeoutMs: 5_000 });
    await store.updateThreadMetadata({ threadId: ids[1]!, patch: { name: 'deploy notes' } });
    await store.archiveThread({ threadId: ids[3]! });
    await store.close();
    return { silent: silent.threadId };
  }

  for (const index of ['sqlite', 'none'] as const) {
    it(`copies active, archived and silent threads; the copy lists identically (index: ${index})`, async () => {
      const { silent } = await record(index);
      const before = await hashTree(home.path);
      const io = capturedIo();
      const code = await runCli(['--home', home.path, '--json', 'migrate', '--to', TO, '--schema', schema], io, {
        openStore: openLocalStore,
        openPostgres: pgliteOpener(await pglite.get()),
      });
      expect(io.errors()).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(io.output())).toMatchObject({ threads: 5, imported: 5, notCopied: [] });
      if (index === 'none') expect(await hashTree(home.path)).toBe(before);

      const copy = await PostgresThreadStore.open({ pglite: await pglite.get(), schema });
      const local = await openLocalStore({ home: home.path, access: 'read' });
      try {
        for (const archived of [false, true]) {
          const listed = await listedFields(local.store, archived);
          expect(listed).toHaveLength(archived ? 1 : 3);
          expect(await listedFields(copy, archived)).toEqual(listed);
        }
        const { rolloutPath: _, ...silentThread } = await local.store.readThread({ threadId: silent });
        expect(await copy.readThread({ threadId: silent })).toMatchObject({ ...silentThread, preview: '' });
      } finally {
        await copy.close();
        await local.close();
      }
    });
  }
});

/** A zstd frame of raw blocks: valid Zstandard any decoder reads, made without a compressor (Node 20 has none). */
function zstdStoredFrame(data: Uint8Array): Buffer {
  const BLOCK = 128 * 1024;
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  let offset = 0;
  do {
    const size = Math.min(BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const header = (size << 3) | last;
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]));
    parts.push(Buffer.from(data.subarray(offset, offset + size)));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
}
