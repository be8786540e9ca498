import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { stateDbPath } from '../database-file';
import { openDatabase } from '../open-database';
import { BASE_TIME, useTempHomes } from '../test-support/temp-home';
import { ThreadIndex } from '../thread-index';
import { MIGRATIONS, SCHEMA_VERSION } from './index';
import { readSchemaVersion, THREADKIT_APPLICATION_ID } from './migrate';

const { makeHome } = useTempHomes();

interface Seeded {
  listed: string;
  archived: string;
}

/** Writes rows the way a threadkit at `version` would have, using only the columns that version had. */
function seedAtVersion(db: Database.Database, version: number): Seeded {
  const seeded = { listed: randomUUID(), archived: randomUUID() };
  if (version < 1) return seeded;
  const insert = db.prepare(
    'INSERT INTO threads (thread_id, rollout_path, preview, name, model_provider, cwd, created_at_ms, updated_at_ms, ' +
      "recency_at_ms, archived_at_ms, source_json, source_label) VALUES (?, ?, ?, ?, 'openai', '/w', ?, ?, ?, ?, '\"cli\"', 'cli')",
  );
  insert.run(seeded.listed, '/s/a.jsonl', 'upgrade the parser', 'Parser work', BASE_TIME, BASE_TIME + 1, BASE_TIME + 1, null);
  insert.run(seeded.archived, '/arch/b.jsonl', 'old archived chat', null, BASE_TIME - 1, BASE_TIME, BASE_TIME, BASE_TIME + 2);
  if (version >= 3) {
    db.prepare('UPDATE threads SET rollout_size = 10, rollout_mtime_ms = ? WHERE thread_id = ?').run(BASE_TIME, seeded.listed);
    db.prepare("UPDATE backfill_state SET status = 'running', run_id = 'old-run', watermark = 'sessions/x.jsonl', heartbeat_at_ms = 0").run();
  }
  if (version >= 4) {
    db.prepare(
      "INSERT INTO thread_messages (seq, thread_seq, position, role, text) SELECT seq * 1048576, seq, 0, 'user', 'tokenizer question' FROM threads WHERE thread_id = ?",
    ).run(seeded.listed);
  }
  return seeded;
}

function buildAtVersion(version: number): { home: string; seeded: Seeded } {
  const home = makeHome();
  const db = openDatabase(stateDbPath(home), { targetVersion: version });
  expect(readSchemaVersion(db)).toBe(version);
  const seeded = seedAtVersion(db, version);
  db.close();
  return { home, seeded };
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it.each(Array.from({ length: SCHEMA_VERSION }, (_, version) => version))(
    'upgrade a version %i database to the current schema, keeping its rows usable',
    (version) => {
      const { home, seeded } = buildAtVersion(version);
      const index = ThreadIndex.open({ sqliteHome: home });
      try {
        const db = new Database(index.path, { readonly: true });
        expect(readSchemaVersion(db)).toBe(SCHEMA_VERSION);
        expect(db.pragma('application_id', { simple: true })).toBe(THREADKIT_APPLICATION_ID);
        db.close();
        expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });

        if (version === 0) {
          expect(index.countThreads()).toEqual({ active: 0, archived: 0 });
          return;
        }
        expect(index.countThreads()).toEqual({ active: 1, archived: 1 });
        expect(index.getThread(seeded.listed)).toMatchObject({
          preview: 'upgrade the parser',
          name: 'Parser work',
          createdAt: new Date(BASE_TIME),
          source: 'cli',
          rolloutFile: version >= 3 ? { sizeBytes: 10, mtimeMs: BASE_TIME } : null,
        });
        expect(index.listThreads().items.map((thread) => thread.threadId)).toEqual([seeded.listed]);
        expect(index.listThreads({ archived: true }).items.map((thread) => thread.threadId)).toEqual([seeded.archived]);
        // Rows written before full-text search existed are searchable after the upgrade.
        expect(index.searchThreads({ searchTerm: 'parser' }).items.map((hit) => hit.thread.threadId)).toEqual([
          seeded.listed,
        ]);
        // Rows from before file stats existed count as changed, so a reconcile re-reads them.
        const diff = index.diffRolloutFiles([{ path: '/s/a.jsonl', sizeBytes: 10, mtimeMs: BASE_TIME }]);
        expect(diff.changed.length + diff.unchanged).toBe(1);
        expect(diff.unchanged).toBe(version >= 3 ? 1 : 0);
        // The backfill ledger exists; a run left by an older version resumes from its watermark.
        const claim = index.claimBackfill({ leaseMs: 1000 });
        expect(claim?.resumeAfter ?? null).toBe(version >= 3 ? 'sessions/x.jsonl' : null);
        // Message search works on the upgraded file, including messages indexed before.
        expect(index.searchMessages({ searchTerm: 'tokenizer' }).items).toHaveLength(version >= 4 ? 1 : 0);
        expect(index.setThreadMessages(seeded.listed, [{ role: 'user', text: 'lexer' }])).toBe(true);
        expect(index.searchMessages({ searchTerm: 'lexer' }).items).toHaveLength(1);
        // New writes work alongside the old rows.
        index.patchThread(seeded.listed, { name: 'Renamed after upgrade' });
        expect(index.searchThreads({ searchTerm: 'renamed' }).items).toHaveLength(1);
        expect(index.checkIntegrity()).toEqual({ ok: true, problems: [] });
      } finally {
        index.close();
      }
    },
  );

  it('apply each step once when several connections open a fresh file together', () => {
    const home = makeHome();
    const path = join(home, 'shared.sqlite');
    const first = openDatabase(path, { targetVersion: 2 });
    const second = openDatabase(path);
    const third = openDatabase(path);
    expect(readSchemaVersion(first)).toBe(SCHEMA_VERSION);
    expect(readSchemaVersion(third)).toBe(SCHEMA_VERSION);
    for (const db of [first, second, third]) db.close();
  });
});
