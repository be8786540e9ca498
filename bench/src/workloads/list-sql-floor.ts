import Database from 'better-sqlite3';
import { timeRepeated } from '../measure/timing';

export interface ListSqlFloorArgs {
  dbPath: string;
  pageSize: number;
  warmup: number;
  runs: number;
}

/**
 * The floor for listing from the index: the one SQL query that returns the
 * newest page of listable active threads (every column), run with
 * better-sqlite3 on the database threadkit built.
 */
export async function run(args: ListSqlFloorArgs) {
  const db = new Database(args.dbPath, { readonly: true, fileMustExist: true });
  const page = db.prepare(
    "SELECT * FROM threads WHERE archived = 0 AND preview <> '' ORDER BY created_at_ms DESC, thread_id DESC LIMIT ?",
  );
  let rows = 0;
  const timing = await timeRepeated(
    () => {
      rows = page.all(args.pageSize + 1).length;
    },
    { warmup: args.warmup, runs: args.runs },
  );
  db.close();
  return { ...timing, rows: Math.min(rows, args.pageSize) };
}
