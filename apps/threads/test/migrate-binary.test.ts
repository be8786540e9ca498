import { codexFixture, copyCodexHome } from '@threadkit/codex-interop';
import { PostgresThreadStore } from '@threadkit/store-postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from '../src/store/open-local-store';
import { hashTree } from './support/home-hash';
import { listedFields, onServer, PG_URL, uniqueSchema } from './support/postgres';
import { threadsInTerminal } from './support/terminal';
import { runThreads } from './support/threads-binary';

const fixture = codexFixture('0.142.0');
const FIXTURE_THREADS = fixture.expected.active.length + fixture.expected.archived.length;

describe('threads migrate, the binary', () => {
  let home: { path: string; remove: () => Promise<void> };

  beforeEach(async () => {
    home = await copyCodexHome(fixture.home);
  });
  afterEach(async () => {
    await home.remove();
  });

  for (const [what, to, message] of [
    ['a URL of another scheme', 'http://db.example/threads', '--to must use postgres:// or postgresql://, not http://'],
    ['text that is no URL', 'db.example/threads', '--to is not a valid URL (expected postgres://user@host:5432/db)'],
    [
      'a server that does not answer',
      'postgres://me:secret@127.0.0.1:1/threads',
      'cannot connect to postgres://me@127.0.0.1:1/threads: connect ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)',
    ],
  ] as const) {
    it(`fails on ${what} with one line, exit 1, and the home unchanged`, async () => {
      const before = await hashTree(home.path);
      const { code, stdout, stderr } = await runThreads(['--home', home.path, 'migrate', '--to', to]);
      expect(stderr).toBe(`threads: ${message}\n`);
      expect(stderr).not.toContain('secret');
      expect(stdout).toBe('');
      expect(code).toBe(1);
      expect(await hashTree(home.path)).toBe(before);
    });
  }

  it('needs --to (bad usage, exit 2)', async () => {
    const { code, stderr } = await runThreads(['--home', home.path, 'migrate']);
    expect(code).toBe(2);
    expect(stderr).toBe("threads: required option '--to <url>' not specified (see threads --help)\n");
  });
});

// The binary reaches PostgreSQL only through a server; without one these run in-process on PGlite (migrate.test.ts).
describe.runIf(PG_URL !== undefined)('threads migrate, the binary, into a PostgreSQL server', () => {
  const url = PG_URL!;
  let home: { path: string; remove: () => Promise<void> };
  let schema: string;

  beforeEach(async () => {
    home = await copyCodexHome(fixture.home);
    schema = uniqueSchema();
  });
  afterEach(async () => {
    await home.remove();
    await onServer(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  });

  it('copies the fixture home; the copy lists identically; a second run skips every thread', async () => {
    const before = await hashTree(home.path);
    const first = await runThreads(['--home', home.path, '--json', 'migrate', '--to', url, '--schema', schema]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ threads: FIXTURE_THREADS, imported: FIXTURE_THREADS, notCopied: [] });
    expect(await hashTree(home.path)).toBe(before);

    const copy = await PostgresThreadStore.open({ connectionString: url, schema, poolSize: 2 });
    const local = await openLocalStore({ home: home.path, access: 'read' });
    try {
      for (const archived of [false, true]) {
        const listed = await listedFields(local.store, archived);
        expect(await listedFields(copy, archived)).toEqual(listed);
      }
    } finally {
      await copy.close();
      await local.close();
    }

    const again = await runThreads(['--home', home.path, '--json', 'migrate', '--to', url, '--schema', schema]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped: FIXTURE_THREADS });
  });

  it('draws a progress bar on a terminal', () => {
    const { status, screen } = threadsInTerminal(['--home', home.path, 'migrate', '--to', url, '--schema', schema]);
    expect(status).toBe(0);
    expect(screen).toMatch(/Copying [█░]+ 100% \| 10\/10 threads/);
    expect(screen).toContain('\r');
    expect(screen).toContain(`Threads of ${home.path} copied to `);
  });
});
