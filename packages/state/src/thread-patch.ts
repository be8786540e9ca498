import { z } from 'zod';
import type { Timestamp } from './indexed-thread';
import type { ThreadColumns } from './thread-columns';
import { assignSharedFields, GitInfoFieldsSchema, type SharedThreadFields, sharedFieldSchemas } from './thread-fields';
import { TimestampSchema } from './validation';

/**
 * A literal metadata patch. Per field: `undefined` leaves the value, `null`
 * clears it, a value sets it. `gitInfo` is merged field by field (`null`
 * clears all three). `advanceRecencyAt` only ever moves recency forward.
 * `updatedAt` is set as given. Fields that cannot be absent (`rolloutPath`,
 * `createdAt`, `updatedAt`, `source`, `historyMode`) reject `null`.
 */
export interface ThreadIndexPatch extends SharedThreadFields {
  rolloutPath?: string;
  createdAt?: Timestamp;
  updatedAt?: Timestamp;
  /** Only ever moves recency forward. */
  advanceRecencyAt?: Timestamp;
}

export const ThreadIndexPatchSchema = z.strictObject({
  ...z.object(sharedFieldSchemas).partial().shape,
  advanceRecencyAt: TimestampSchema.optional(),
  gitInfo: GitInfoFieldsSchema.nullable().optional(),
});

export type ParsedThreadIndexPatch = z.output<typeof ThreadIndexPatchSchema>;

/** The row after the patch: a new object, `current` is not modified. */
export function applyPatchToColumns(current: ThreadColumns, patch: ParsedThreadIndexPatch): ThreadColumns {
  const next: ThreadColumns = { ...current };
  assignSharedFields(next, patch);
  if (patch.advanceRecencyAt !== undefined) {
    next.recency_at_ms = Math.max(current.recency_at_ms, patch.advanceRecencyAt);
  }
  const git = patch.gitInfo;
  if (git === null) {
    next.git_commit_hash = null;
    next.git_branch = null;
    next.git_repository_url = null;
  } else if (git !== undefined) {
    if (git.commitHash !== undefined) next.git_commit_hash = git.commitHash;
    if (git.branch !== undefined) next.git_branch = git.branch;
    if (git.repositoryUrl !== undefined) next.git_repository_url = git.repositoryUrl;
  }
  return next;
}
