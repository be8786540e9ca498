import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { STATE_DB_FILE_NAME, stateDbPath } from './database-file';
import { StateError } from './errors';
import { SCHEMA_VERSION } from './migrations/index';
import { sampleThread, useTempHomes } from './test-support/temp-home';
import { ThreadIndex } from './thread-index';

const { makeHome } = useTempHomes();

function fingerprint(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function openError(home: string): StateError {
  try {
    ThreadIndex.open({ sqliteHome: home }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(StateError);
    return error as StateError;
  }
  throw new Error('expected the open to fail');
}

function homeWithFile(contents: Buffer | string): { home: string; path: string } {
  const home = makeHome();
  const path = stateDbPath(home);
  writeFileSync(path, contents);
  return { home, path };
}

function homeWithSqlite(build: (db: Database.Database) => void): { home: string; path: string } {
  const home = makeHome();
  const path = stateDbPath(home);
  const db = new Database(path);
  build(db);
  db.close();
  return { home, path };
}

describe('opening a file that is not a usable index', () => {
  it.each([
    ['random bytes', randomBytes(8192)],
    ['a text file', 'hello, this is not a database\n'.repeat(20)],
  ])('reports %s as corrupt and leaves it untouched', (_, contents) => {
    const { home, path } = homeWithFile(contents);
    const before = fingerprint(path);
    expect(openError(home).code).toBe('corrupt');
    expect(fingerprint(path)).toBe(before);
  });

  it('reports a foreign SQLite database (e.g. Codex’s own) as corrupt and leaves it untouched', () => {
    const { home, path } = homeWithSqlite((db) => {
      db.exec('CREATE TABLE threads (id TEXT PRIMARY KEY, rollout_path TEXT NOT NULL)');
      db.prepare('INSERT INTO threads VALUES (?, ?)').run(randomUUID(), '/x.jsonl');
    });
    const before = fingerprint(path);
    const error = openError(home);
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(/not a threadkit index/);
    expect(fingerprint(path)).toBe(before);
  });

  it('reports a threadkit index that lost a table as corrupt', () => {
    const home = makeHome();
    ThreadIndex.open({ sqliteHome: home }).close();
    const db = new Database(stateDbPath(home));
    db.exec('DROP TABLE thread_messages_fts; DROP TABLE thread_messages');
    db.close();
    expect(openError(home)).toMatchObject({ code: 'corrupt', message: expect.stringMatching(/lacks thread_messages/) });
  });

  it('reports a damaged schema page as corrupt', () => {
    const home = makeHome();
    const index = ThreadIndex.open({ sqliteHome: home });
    index.upsertThread(sampleThread());
    index.close();
    const path = stateDbPath(home);
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(path, bytes);
    expect(openError(home).code).toBe('corrupt');
  });

  it('refuses a database from a newer threadkit without changing a byte', () => {
    const home = makeHome();
    const index = ThreadIndex.open({ sqliteHome: home });
    index.upsertThread(sampleThread());
    index.close();
    const path = stateDbPath(home);
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fingerprint(path);
    const error = openError(home);
    expect(error.code).toBe('newer_schema');
    expect(error.message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
    expect(fingerprint(path)).toBe(before);
    expect(() => ThreadIndex.openOrReplaceCorrupt({ sqliteHome: home })).toThrow(
      expect.objectContaining({ code: 'newer_schema' }),
    );
    expect(readdirSync(home).filter((name) => name.includes('.corrupt-'))).toEqual([]);
    expect(fingerprint(path)).toBe(before);
  });
});

describe('ThreadIndex.openOrReplaceCorrupt', () => {
  it('moves a corrupt file aside, byte for byte, and opens a fresh index in its place', () => {
    const contents = randomBytes(4096);
    const { home, path } = homeWithFile(contents);
    writeFileSync(`${path}-wal`, 'stale wal');
    const { index, replaced } = ThreadIndex.openOrReplaceCorrupt({ sqliteHome: home });
    try {
      expect(replaced?.error.code).toBe('corrupt');
      expect(replaced?.movedTo).toMatch(new RegExp(`${STATE_DB_FILE_NAME}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z$`));
      expect(readFileSync(replaced!.movedTo)).toEqual(contents);
      expect(readFileSync(`${replaced!.movedTo}-wal`, 'utf8')).toBe('stale wal');
      expect(index.countThreads()).toEqual({ active: 0, archived: 0 });
      index.upsertThread(sampleThread());
      expect(index.listThreads().items).toHaveLength(1);
    } finally {
      index.close();
    }
  });

  it('opens a healthy index without moving anything', () => {
    const home = makeHome();
    const first = ThreadIndex.open({ sqliteHome: home });
    first.upsertThread(sampleThread());
    first.close();
    const { index, replaced } = ThreadIndex.openOrReplaceCorrupt({ sqliteHome: home });
    expect(replaced).toBeUndefined();
    expect(index.countThreads().active).toBe(1);
    index.close();
    expect(existsSync(stateDbPath(home))).toBe(true);
  });
});
