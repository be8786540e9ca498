import {
  type AskForApproval,
  AskForApprovalSchema,
  type HistoryMode,
  type MemoryMode,
  MemoryModeSchema,
  type ReasoningEffort,
  ReasoningEffortSchema,
  type SessionSource,
  SessionSourceSchema,
  sessionSourceLabel,
  type ThreadSource,
  ThreadSourceSchema,
  type TokenUsage,
  TokenUsageSchema,
} from '@threadkit/protocol';
import { z } from 'zod';
import type { RolloutFileStat } from './indexed-thread';
import type { ThreadColumns } from './thread-columns';
import { JsonValueSchema, NonEmptyTextSchema, ThreadIdSchema, TimestampSchema } from './validation';

const NullableTextSchema = z.string().nullable();

export const RolloutFileStatSchema = z.strictObject({
  sizeBytes: z.number().int().nonnegative(),
  mtimeMs: z.number().finite(),
});

/**
 * The caller-facing fields an upsert ({@link IndexedThreadInput}) and a patch
 * ({@link ThreadIndexPatch}) share: `undefined` leaves the value, `null`
 * clears it, a value sets it.
 */
export interface SharedThreadFields {
  rolloutFile?: RolloutFileStat | null;
  forkedFromId?: string | null;
  parentThreadId?: string | null;
  /** `null` stores `''` (no preview: not listed). */
  preview?: string | null;
  name?: string | null;
  title?: string | null;
  /** `''` is stored as no provider. */
  modelProvider?: string | null;
  model?: string | null;
  reasoningEffort?: ReasoningEffort | null;
  cwd?: string | null;
  cliVersion?: string | null;
  /** Defaults to `"vscode"` for a new row, Codex's reading of an absent source. */
  source?: SessionSource;
  threadSource?: ThreadSource | null;
  /** Defaults to `legacy` for a new row. */
  historyMode?: HistoryMode | (string & {});
  agentNickname?: string | null;
  agentRole?: string | null;
  agentPath?: string | null;
  gitInfo?: { commitHash?: string | null; branch?: string | null; repositoryUrl?: string | null } | null;
  approvalMode?: AskForApproval | null;
  permissionProfile?: unknown;
  tokenUsage?: TokenUsage | null;
  firstUserMessage?: string | null;
  memoryMode?: MemoryMode | null;
}

/**
 * The fields an upsert and a patch share, with the same meaning in both:
 * `null` clears (for text columns that cannot be absent, to `''`), a value sets.
 */
export const sharedFieldSchemas = {
  rolloutPath: NonEmptyTextSchema,
  rolloutFile: RolloutFileStatSchema.nullable(),
  forkedFromId: ThreadIdSchema.nullable(),
  parentThreadId: ThreadIdSchema.nullable(),
  preview: NullableTextSchema,
  name: NullableTextSchema,
  title: NullableTextSchema,
  modelProvider: NullableTextSchema,
  model: NullableTextSchema,
  reasoningEffort: ReasoningEffortSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  cwd: NullableTextSchema,
  cliVersion: NullableTextSchema,
  source: SessionSourceSchema,
  threadSource: ThreadSourceSchema.nullable(),
  historyMode: NonEmptyTextSchema,
  agentNickname: NullableTextSchema,
  agentRole: NullableTextSchema,
  agentPath: NullableTextSchema,
  approvalMode: AskForApprovalSchema.nullable(),
  permissionProfile: JsonValueSchema.nullable(),
  tokenUsage: TokenUsageSchema.nullable(),
  firstUserMessage: NullableTextSchema,
  memoryMode: MemoryModeSchema.nullable(),
};

const SharedFieldsSchema = z.object(sharedFieldSchemas).partial();
export type ParsedSharedFields = z.output<typeof SharedFieldsSchema>;

export const GitInfoFieldsSchema = z.strictObject({
  commitHash: NullableTextSchema.optional(),
  branch: NullableTextSchema.optional(),
  repositoryUrl: NullableTextSchema.optional(),
});

function jsonOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Copies every present shared field onto `target` in stored form; absent fields are left alone. */
export function assignSharedFields(target: Partial<ThreadColumns>, fields: ParsedSharedFields): void {
  if (fields.rolloutPath !== undefined) target.rollout_path = fields.rolloutPath;
  if (fields.rolloutFile !== undefined) {
    target.rollout_size = fields.rolloutFile === null ? null : fields.rolloutFile.sizeBytes;
    // Whole milliseconds: the column is an integer and comparisons use the same rounding.
    target.rollout_mtime_ms = fields.rolloutFile === null ? null : Math.floor(fields.rolloutFile.mtimeMs);
  }
  if (fields.forkedFromId !== undefined) target.forked_from_id = fields.forkedFromId;
  if (fields.parentThreadId !== undefined) target.parent_thread_id = fields.parentThreadId;
  if (fields.preview !== undefined) target.preview = fields.preview ?? '';
  if (fields.name !== undefined) target.name = fields.name;
  if (fields.title !== undefined) target.title = fields.title;
  // An empty provider is no provider: it must match the default-provider rule like a missing one.
  if (fields.modelProvider !== undefined) target.model_provider = fields.modelProvider || null;
  if (fields.model !== undefined) target.model = fields.model;
  if (fields.reasoningEffort !== undefined) target.reasoning_effort = fields.reasoningEffort;
  if (fields.createdAt !== undefined) target.created_at_ms = fields.createdAt;
  if (fields.updatedAt !== undefined) target.updated_at_ms = fields.updatedAt;
  if (fields.cwd !== undefined) target.cwd = fields.cwd ?? '';
  if (fields.cliVersion !== undefined) target.cli_version = fields.cliVersion ?? '';
  if (fields.source !== undefined) {
    target.source_json = JSON.stringify(fields.source);
    target.source_label = sessionSourceLabel(fields.source);
  }
  if (fields.threadSource !== undefined) target.thread_source = fields.threadSource;
  if (fields.historyMode !== undefined) target.history_mode = fields.historyMode;
  if (fields.agentNickname !== undefined) target.agent_nickname = fields.agentNickname;
  if (fields.agentRole !== undefined) target.agent_role = fields.agentRole;
  if (fields.agentPath !== undefined) target.agent_path = fields.agentPath;
  if (fields.approvalMode !== undefined) target.approval_mode_json = jsonOrNull(fields.approvalMode);
  if (fields.permissionProfile !== undefined) target.permission_profile_json = jsonOrNull(fields.permissionProfile);
  if (fields.tokenUsage !== undefined) target.token_usage_json = jsonOrNull(fields.tokenUsage);
  if (fields.firstUserMessage !== undefined) target.first_user_message = fields.firstUserMessage;
  if (fields.memoryMode !== undefined) target.memory_mode = fields.memoryMode;
}
