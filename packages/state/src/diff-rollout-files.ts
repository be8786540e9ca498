import type { ThreadId } from '@threadkit/protocol';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { NonEmptyTextSchema } from './validation';

/** A rollout file as the caller found it on disk. */
export interface RolloutFileState {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface RolloutFilesDiff {
  /** Files no row points at: read and upsert them. */
  added: RolloutFileState[];
  /** Files whose size or mtime differ from what their row recorded (or never recorded): re-read them. */
  changed: RolloutFileState[];
  /** How many files match their row exactly. */
  unchanged: number;
  /**
   * Rows whose rollout path is not among the files (within the given roots).
   * A file that moved shows up as `added` while its row is `vanished`; index
   * the added files first, then delete the rows that still point nowhere.
   */
  vanished: { threadId: ThreadId; rolloutPath: string }[];
}

export interface DiffRolloutFilesOptions {
  /** Only rows whose path starts with one of these can be reported vanished (e.g. when only `sessions/` was scanned). */
  within?: readonly string[];
}

export const RolloutFileStatesSchema = z.array(
  z.strictObject({
    path: NonEmptyTextSchema,
    sizeBytes: z.number().int().nonnegative(),
    mtimeMs: z.number().finite(),
  }),
);

export const DiffRolloutFilesOptionsSchema = z.strictObject({
  within: z.array(NonEmptyTextSchema).optional(),
});

interface FileRow {
  thread_id: string;
  rollout_path: string;
  rollout_size: number | null;
  rollout_mtime_ms: number | null;
}

/** Compares a scan of rollout files with what the index recorded, without changing anything. */
export class RolloutFileDiffer {
  private readonly allFiles: Database.Statement<[], FileRow>;

  constructor(db: Database.Database) {
    this.allFiles = db.prepare('SELECT thread_id, rollout_path, rollout_size, rollout_mtime_ms FROM threads');
  }

  diff(files: readonly RolloutFileState[], options: z.output<typeof DiffRolloutFilesOptionsSchema>): RolloutFilesDiff {
    const rowsByPath = new Map<string, FileRow[]>();
    for (const row of this.allFiles.iterate()) {
      const sharing = rowsByPath.get(row.rollout_path);
      if (sharing === undefined) rowsByPath.set(row.rollout_path, [row]);
      else sharing.push(row);
    }
    const result: RolloutFilesDiff = { added: [], changed: [], unchanged: 0, vanished: [] };
    const seen = new Set<string>();
    for (const file of files) {
      seen.add(file.path);
      const rows = rowsByPath.get(file.path);
      if (rows === undefined) {
        result.added.push(file);
      } else if (
        rows.some((row) => row.rollout_size !== file.sizeBytes || row.rollout_mtime_ms !== Math.floor(file.mtimeMs))
      ) {
        result.changed.push(file);
      } else {
        result.unchanged++;
      }
    }
    const roots = options.within;
    for (const [path, rows] of rowsByPath) {
      if (seen.has(path)) continue;
      if (roots !== undefined && !roots.some((root) => path.startsWith(root))) continue;
      for (const row of rows) result.vanished.push({ threadId: row.thread_id as ThreadId, rolloutPath: path });
    }
    return result;
  }
}
