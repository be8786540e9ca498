import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { stateDbPath } from './database-file';
import { BULK_INSERT_MIN_ROWS } from './bulk-insert';
import { sampleThread, useTempHomes } from './test-support/temp-home';

const { makeHome, openIndex } = useTempHomes();

const triggers = (sqliteHome: string) => {
  const db = new Database(stateDbPath(sqliteHome), { readonly: true });
  try {
    return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
  } finally {
    db.close();
  }
};

describe('inserting a large batch', () => {
  it('indexes every new row for search, and leaves the full-text index consistent', () => {
    const sqliteHome = makeHome();
    const index = openIndex({ sqliteHome });
    const before = triggers(sqliteHome);
    const existing = sampleThread({ preview: 'already indexed walrus' });
    index.upsertThread(existing);
    const fresh = Array.from({ length: BULK_INSERT_MIN_ROWS * 3 }, (_, i) =>
      sampleThread({ preview: `zebra crossing ${i}`, firstUserMessage: `stripes ${i}`, name: i % 2 ? `Herd ${i}` : null }),
    );
    const inserted = index.insertThreadsIfAbsent([{ ...existing, preview: 'stale zebra' }, ...fresh]);
    expect(inserted).toEqual(fresh.map((thread) => thread.threadId));

    expect(index.searchThreads({ searchTerm: 'zebra', pageSize: 500 }).items).toHaveLength(fresh.length);
    expect(index.searchThreads({ searchTerm: 'stripes 7', pageSize: 500 }).items.map((hit) => hit.thread.threadId)).toEqual([
      fresh[7]!.threadId,
    ]);
    expect(index.searchThreads({ searchTerm: 'herd', pageSize: 500 }).items).toHaveLength(fresh.length / 2);
    expect(index.searchThreads({ searchTerm: 'walrus' }).items.map((hit) => hit.thread.threadId)).toEqual([existing.threadId]);
    expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
    expect(triggers(sqliteHome)).toEqual(before);
  });

  it('keeps the insert trigger working for the rows written after it', () => {
    const index = openIndex();
    index.insertThreadsIfAbsent(Array.from({ length: BULK_INSERT_MIN_ROWS }, () => sampleThread()));
    const single = sampleThread({ preview: 'a lonely giraffe' });
    index.insertThreadIfAbsent(single);
    index.upsertThread(sampleThread({ preview: 'another giraffe' }));
    expect(index.searchThreads({ searchTerm: 'giraffe' }).items).toHaveLength(2);
    expect(index.checkIntegrity().ok).toBe(true);
  });
});
