import type Database from 'better-sqlite3';

const INSERT_TRIGGER = 'threads_fts_after_insert';

/** Below this many rows the per-row trigger costs less than setting it aside. */
export const BULK_INSERT_MIN_ROWS = 16;

/**
 * Inserts many new rows at once. The full-text insert trigger runs one FTS5
 * insert per row, and FTS5 writes its pending terms out at every statement: a
 * segment per row, merged over and over, which was most of the cost of
 * indexing a whole home. A large batch is therefore inserted with that trigger
 * set aside and then indexed by one `INSERT … SELECT`, all inside the caller's
 * write transaction: other connections only ever see the trigger in place and
 * the full-text index complete, and a failure rolls everything back.
 */
export class BulkInsert {
  private readonly triggerSql: Database.Statement<[string], string | undefined>;
  private readonly indexRows: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.triggerSql = db
      .prepare<[string], string | undefined>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
      .pluck();
    this.indexRows = db.prepare(
      `INSERT INTO threads_fts (rowid, name, title, preview, first_user_message)
       SELECT seq, name, title, preview, first_user_message FROM threads
       WHERE thread_id IN (SELECT value FROM json_each(?))`,
    );
  }

  /**
   * Runs `insert` (inside a write transaction; it returns the ids of the rows
   * it inserted) with the insert trigger set aside, then indexes those rows
   * and puts the trigger back exactly as the file had it.
   */
  run<T extends string>(insert: () => T[]): T[] {
    const sql = this.triggerSql.get(INSERT_TRIGGER);
    if (sql === undefined) return insert();
    this.db.exec(`DROP TRIGGER ${INSERT_TRIGGER}`);
    const inserted = insert();
    if (inserted.length > 0) this.indexRows.run(JSON.stringify(inserted));
    this.db.exec(sql);
    return inserted;
  }
}
