import { z } from 'zod';

/** Token counts as Codex records them (integers; newer builds add cache writes). */
export const TokenUsageSchema = z.looseObject({
  input_tokens: z.number(),
  cached_input_tokens: z.number().optional(),
  cache_write_input_tokens: z.number().optional(),
  output_tokens: z.number(),
  reasoning_output_tokens: z.number().optional(),
  total_tokens: z.number(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** Git facts of a session's cwd (`session_meta.git`). */
export const GitInfoSchema = z.looseObject({
  commit_hash: z.string().nullish(),
  branch: z.string().nullish(),
  repository_url: z.string().nullish(),
});
export type GitInfo = z.infer<typeof GitInfoSchema>;

/** Approval policy: kebab-case strings, or the `{granular: {...}}` object. */
export const AskForApprovalSchema = z.union([
  z.enum(['untrusted', 'on-request', 'on-failure', 'never']),
  z.looseObject({ granular: z.record(z.string(), z.unknown()) }),
  z.string(),
]);
export type AskForApproval = z.infer<typeof AskForApprovalSchema>;

export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
/** Reasoning effort; unknown future values are kept as strings. */
export const ReasoningEffortSchema = z.union([z.enum(REASONING_EFFORTS), z.string()]);
export type ReasoningEffort = z.infer<typeof ReasoningEffortSchema>;

export const HISTORY_MODES = ['legacy', 'paginated'] as const;
/** `legacy` (no ordinals; what threadkit writes) or `paginated` (ordinals). Absent means legacy. */
export const HistoryModeSchema = z.enum(HISTORY_MODES);
export type HistoryMode = z.infer<typeof HistoryModeSchema>;

/** Memory mode: Codex writes `disabled` only; absent means enabled. */
export const MemoryModeSchema = z.union([z.enum(['enabled', 'disabled']), z.string()]);
export type MemoryMode = z.infer<typeof MemoryModeSchema>;

/** An arbitrary JSON object, kept verbatim. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = Record<string, unknown>;
