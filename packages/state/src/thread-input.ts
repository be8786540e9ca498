import { DEFAULT_SESSION_SOURCE, sessionSourceLabel } from '@threadkit/protocol';
import { z } from 'zod';
import type { Timestamp } from './indexed-thread';
import type { ThreadColumns } from './thread-columns';
import { assignSharedFields, GitInfoFieldsSchema, type SharedThreadFields, sharedFieldSchemas } from './thread-fields';
import { ThreadIdSchema, TimestampSchema } from './validation';

/**
 * A row to upsert, usually built from a rollout's metadata. `threadId`,
 * `rolloutPath` and `createdAt` are required. For every other field:
 * `undefined` keeps the stored value (or the default for a new row),
 * `null` clears it, a value sets it. `gitInfo` replaces all three git fields
 * (missing ones become unknown); use a patch to change one of them.
 */
export interface IndexedThreadInput extends SharedThreadFields {
  threadId: string;
  rolloutPath: string;
  createdAt: Timestamp;
  /** Defaults to `createdAt` for a new row. */
  updatedAt?: Timestamp;
  /** Defaults to `updatedAt` for a new row. Set literally (a patch only moves it forward). */
  recencyAt?: Timestamp;
  archivedAt?: Timestamp | null;
}

export const IndexedThreadInputSchema = z.strictObject({
  ...z.object(sharedFieldSchemas).partial().shape,
  threadId: ThreadIdSchema,
  rolloutPath: sharedFieldSchemas.rolloutPath,
  createdAt: sharedFieldSchemas.createdAt,
  recencyAt: TimestampSchema.optional(),
  archivedAt: TimestampSchema.nullable().optional(),
  gitInfo: GitInfoFieldsSchema.nullable().optional(),
});

export type ParsedThreadInput = z.output<typeof IndexedThreadInputSchema>;

/** The columns an input sets, and nothing else. */
export function inputToColumns(input: ParsedThreadInput): Partial<ThreadColumns> {
  const columns: Partial<ThreadColumns> = { thread_id: input.threadId };
  assignSharedFields(columns, input);
  if (input.recencyAt !== undefined) columns.recency_at_ms = input.recencyAt;
  if (input.archivedAt !== undefined) columns.archived_at_ms = input.archivedAt;
  if (input.gitInfo !== undefined) {
    columns.git_commit_hash = input.gitInfo?.commitHash ?? null;
    columns.git_branch = input.gitInfo?.branch ?? null;
    columns.git_repository_url = input.gitInfo?.repositoryUrl ?? null;
  }
  return columns;
}

/** A complete new row: the input over the defaults of an unknown thread. */
export function newRowColumns(input: ParsedThreadInput): ThreadColumns {
  const given = inputToColumns(input);
  const updatedAtMs = given.updated_at_ms ?? input.createdAt;
  return {
    thread_id: input.threadId,
    rollout_path: input.rolloutPath,
    rollout_size: null,
    rollout_mtime_ms: null,
    forked_from_id: null,
    parent_thread_id: null,
    preview: '',
    name: null,
    title: null,
    model_provider: null,
    model: null,
    reasoning_effort: null,
    created_at_ms: input.createdAt,
    updated_at_ms: updatedAtMs,
    recency_at_ms: updatedAtMs,
    archived_at_ms: null,
    cwd: '',
    cli_version: '',
    source_json: JSON.stringify(DEFAULT_SESSION_SOURCE),
    source_label: sessionSourceLabel(DEFAULT_SESSION_SOURCE),
    thread_source: null,
    history_mode: 'legacy',
    agent_nickname: null,
    agent_role: null,
    agent_path: null,
    git_commit_hash: null,
    git_branch: null,
    git_repository_url: null,
    approval_mode_json: null,
    permission_profile_json: null,
    token_usage_json: null,
    first_user_message: null,
    memory_mode: null,
    ...given,
  };
}
