import type Database from 'better-sqlite3';
import { THREAD_COLUMN_NAMES, THREAD_SELECT_LIST, type ThreadColumns } from './thread-columns';

/** Reading and writing whole `threads` rows; every write path ends here. */
export class ThreadRows {
  private readonly byId: Database.Statement<[string], ThreadColumns>;
  private readonly byRolloutPath: Database.Statement<[string], ThreadColumns>;
  private readonly write: Database.Statement<[ThreadColumns]>;
  private readonly add: Database.Statement<[ThreadColumns]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.byId = db.prepare(`SELECT ${THREAD_SELECT_LIST} FROM threads t WHERE t.thread_id = ?`);
    this.byRolloutPath = db.prepare(
      `SELECT ${THREAD_SELECT_LIST} FROM threads t WHERE t.rollout_path = ? ORDER BY t.updated_at_ms DESC LIMIT 1`,
    );
    const columns = THREAD_COLUMN_NAMES.join(', ');
    const values = THREAD_COLUMN_NAMES.map((column) => `@${column}`).join(', ');
    const updates = THREAD_COLUMN_NAMES.filter((column) => column !== 'thread_id')
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    // An update in place (not REPLACE): the row keeps its seq, so full-text rows and messages stay attached.
    this.write = db.prepare(
      `INSERT INTO threads (${columns}) VALUES (${values}) ON CONFLICT (thread_id) DO UPDATE SET ${updates}`,
    );
    // For rows known to be new: a plain INSERT costs less than half of the upsert above.
    this.add = db.prepare(`INSERT INTO threads (${columns}) VALUES (${values})`);
    this.remove = db.prepare('DELETE FROM threads WHERE thread_id = ?');
  }

  get(threadId: string): ThreadColumns | undefined {
    return this.byId.get(threadId);
  }

  getByRolloutPath(path: string): ThreadColumns | undefined {
    return this.byRolloutPath.get(path);
  }

  put(row: ThreadColumns): void {
    this.write.run(row);
  }

  /** Writes a row for a thread that has none (a constraint error otherwise, never an overwrite). */
  insert(row: ThreadColumns): void {
    this.add.run(row);
  }

  delete(threadId: string): boolean {
    return this.remove.run(threadId).changes > 0;
  }
}
