import type { AskForApproval, ReasoningEffort, SessionSource, ThreadSource, TokenUsage } from '@threadkit/protocol';
import {
  AskForApprovalParamSchema,
  ReasoningEffortParamSchema,
  SessionSourceParamSchema,
  TokenUsageParamSchema,
} from './protocol-schemas';
import { z } from 'zod';
import { type ThreadMemoryMode, ThreadMemoryModeSchema, TimestampSchema } from './common';

/**
 * A field that can be cleared: `undefined` (or absent) leaves the stored
 * value alone, `null` clears it, a value sets it.
 */
export type Clearable<T> = T | null | undefined;

/** Per-field patch of a thread's git facts; each field is {@link Clearable}. */
export interface GitInfoPatch {
  /** Commit hash. */
  sha?: Clearable<string>;
  branch?: Clearable<string>;
  /** Origin URL (credentials already stripped by the caller). */
  originUrl?: Clearable<string>;
}

/**
 * A literal metadata patch: the store applies exactly what it says and
 * derives nothing. Every field is optional; `undefined` leaves the value.
 * Fields typed {@link Clearable} also accept `null` to clear.
 */
export interface ThreadMetadataPatch {
  /** Canonical display name; `null` removes it. */
  name?: Clearable<string>;
  /** A known local rollout path (stores that have files). */
  rolloutPath?: string;
  /** Preview text for listings. */
  preview?: string;
  /** Best-effort title derived from history: shown as the name only while no explicit name is set. */
  title?: string;
  modelProvider?: string;
  model?: string;
  reasoningEffort?: ReasoningEffort;
  createdAt?: Date;
  /** Time of this observation (set literally, may move either way). */
  updatedAt?: Date;
  /** Moves recency to at least this instant; never backwards. */
  advanceRecencyAt?: Date;
  source?: SessionSource;
  threadSource?: Clearable<ThreadSource>;
  agentNickname?: Clearable<string>;
  agentRole?: Clearable<string>;
  agentPath?: Clearable<string>;
  cwd?: string;
  cliVersion?: string;
  approvalMode?: AskForApproval;
  /** Canonical runtime permissions (a JSON object or string). */
  permissionProfile?: Record<string, unknown> | string;
  tokenUsage?: TokenUsage;
  firstUserMessage?: string;
  /** Merged per field with the stored git facts. */
  gitInfo?: GitInfoPatch;
  memoryMode?: ThreadMemoryMode;
}

/** Every key a patch may carry, in a stable order. */
export const THREAD_METADATA_PATCH_FIELDS = [
  'name',
  'rolloutPath',
  'preview',
  'title',
  'modelProvider',
  'model',
  'reasoningEffort',
  'createdAt',
  'updatedAt',
  'advanceRecencyAt',
  'source',
  'threadSource',
  'agentNickname',
  'agentRole',
  'agentPath',
  'cwd',
  'cliVersion',
  'approvalMode',
  'permissionProfile',
  'tokenUsage',
  'firstUserMessage',
  'gitInfo',
  'memoryMode',
] as const satisfies readonly (keyof ThreadMetadataPatch)[];

const GIT_PATCH_FIELDS = ['sha', 'branch', 'originUrl'] as const satisfies readonly (keyof GitInfoPatch)[];

const clearableString = z.string().nullable().optional();

export const GitInfoPatchSchema: z.ZodType<GitInfoPatch, GitInfoPatch> = z.strictObject({
  sha: clearableString,
  branch: clearableString,
  originUrl: clearableString,
});

// Strict: an unknown key is a typo or a newer field this store does not know,
// and silently dropping it would lose the caller's write.
export const ThreadMetadataPatchSchema: z.ZodType<ThreadMetadataPatch, ThreadMetadataPatch> = z.strictObject({
  name: z
    .string()
    .refine((v) => v.trim().length > 0, 'name must not be blank (use null to clear it)')
    .nullable()
    .optional(),
  rolloutPath: z.string().min(1).optional(),
  preview: z.string().optional(),
  title: z.string().optional(),
  modelProvider: z.string().optional(),
  model: z.string().optional(),
  reasoningEffort: ReasoningEffortParamSchema.optional(),
  createdAt: TimestampSchema.optional(),
  updatedAt: TimestampSchema.optional(),
  advanceRecencyAt: TimestampSchema.optional(),
  source: SessionSourceParamSchema.optional(),
  threadSource: z.string().nullable().optional(),
  agentNickname: clearableString,
  agentRole: clearableString,
  agentPath: clearableString,
  cwd: z.string().optional(),
  cliVersion: z.string().optional(),
  approvalMode: AskForApprovalParamSchema.optional(),
  permissionProfile: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
  tokenUsage: TokenUsageParamSchema.optional(),
  firstUserMessage: z.string().optional(),
  gitInfo: GitInfoPatchSchema.optional(),
  memoryMode: ThreadMemoryModeSchema.optional(),
});

function isGitInfoPatchEmpty(patch: GitInfoPatch | undefined): boolean {
  return patch === undefined || GIT_PATCH_FIELDS.every((field) => patch[field] === undefined);
}

/** True when applying the patch would change nothing. */
export function isEmptyThreadMetadataPatch(patch: ThreadMetadataPatch): boolean {
  return THREAD_METADATA_PATCH_FIELDS.every((field) =>
    field === 'gitInfo' ? isGitInfoPatchEmpty(patch.gitInfo) : patch[field] === undefined,
  );
}

/** Merges git patches: a field present in `next` (a value or a clear) replaces the one in `base`. */
export function mergeGitInfoPatch(base: GitInfoPatch | undefined, next: GitInfoPatch | undefined): GitInfoPatch {
  const merged: GitInfoPatch = {};
  for (const field of GIT_PATCH_FIELDS) {
    const value = next?.[field] !== undefined ? next[field] : base?.[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}

/**
 * Merges two patches with presence semantics: every field present in `next`
 * (a value or a `null` clear) wins, absent ones keep `base`'s; `gitInfo` is
 * merged per field. `advanceRecencyAt` keeps the later instant, because it
 * means "at least". Applying the merge equals applying `base` then `next`.
 * Neither argument is modified.
 */
export function mergeThreadMetadataPatch(base: ThreadMetadataPatch, next: ThreadMetadataPatch): ThreadMetadataPatch {
  const merged: Record<string, unknown> = {};
  for (const field of THREAD_METADATA_PATCH_FIELDS) {
    if (field === 'gitInfo') {
      if (base.gitInfo === undefined && next.gitInfo === undefined) continue;
      merged.gitInfo = mergeGitInfoPatch(base.gitInfo, next.gitInfo);
      continue;
    }
    if (field === 'advanceRecencyAt') {
      const a = base.advanceRecencyAt;
      const b = next.advanceRecencyAt;
      const later = a && b ? (b.getTime() >= a.getTime() ? b : a) : (b ?? a);
      if (later !== undefined) merged.advanceRecencyAt = later;
      continue;
    }
    const value = next[field] !== undefined ? next[field] : base[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged as ThreadMetadataPatch;
}
