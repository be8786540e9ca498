import { z } from 'zod';
import type { RolloutFileStat, Timestamp } from './indexed-thread';
import type { ThreadColumns } from './thread-columns';
import { RolloutFileStatSchema } from './thread-fields';
import type { ThreadRows } from './thread-rows';
import { NonEmptyTextSchema, TimestampSchema } from './validation';

export interface MarkArchivedParams {
  /** Where the rollout lives now (under `archived_sessions/`). */
  rolloutPath: string;
  /** Default: now. */
  archivedAt?: Timestamp;
  rolloutFile?: RolloutFileStat | null;
}

export interface MarkUnarchivedParams {
  /** Where the rollout lives now (back under `sessions/`). */
  rolloutPath: string;
  /** Unarchiving touches the file; pass its new mtime to keep the row in step. */
  updatedAt?: Timestamp;
  rolloutFile?: RolloutFileStat | null;
}

export const MarkArchivedParamsSchema = z.strictObject({
  rolloutPath: NonEmptyTextSchema,
  archivedAt: TimestampSchema.optional(),
  rolloutFile: RolloutFileStatSchema.nullable().optional(),
});

export const MarkUnarchivedParamsSchema = z.strictObject({
  rolloutPath: NonEmptyTextSchema,
  updatedAt: TimestampSchema.optional(),
  rolloutFile: RolloutFileStatSchema.nullable().optional(),
});

function withFile(row: ThreadColumns, file: RolloutFileStat | null | undefined): ThreadColumns {
  if (file === undefined) return row;
  return {
    ...row,
    rollout_size: file === null ? null : file.sizeBytes,
    rollout_mtime_ms: file === null ? null : Math.floor(file.mtimeMs),
  };
}

/** Moves a row into the archived collection; `undefined` for an unknown thread. */
export function markArchivedRow(
  rows: ThreadRows,
  threadId: string,
  params: z.output<typeof MarkArchivedParamsSchema>,
  nowMs: number,
): ThreadColumns | undefined {
  const current = rows.get(threadId);
  if (current === undefined) return undefined;
  const next = withFile(
    { ...current, rollout_path: params.rolloutPath, archived_at_ms: params.archivedAt ?? nowMs },
    params.rolloutFile,
  );
  rows.put(next);
  return next;
}

/** Moves a row back into the active collection; `undefined` for an unknown thread. */
export function markUnarchivedRow(
  rows: ThreadRows,
  threadId: string,
  params: z.output<typeof MarkUnarchivedParamsSchema>,
): ThreadColumns | undefined {
  const current = rows.get(threadId);
  if (current === undefined) return undefined;
  const next = withFile(
    {
      ...current,
      rollout_path: params.rolloutPath,
      archived_at_ms: null,
      updated_at_ms: params.updatedAt ?? current.updated_at_ms,
    },
    params.rolloutFile,
  );
  rows.put(next);
  return next;
}
