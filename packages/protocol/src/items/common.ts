import { z } from 'zod';
import { openEnum } from '../schema/open-schemas';
import { documented } from '../schema/schema-docs';

/** An arbitrary JSON object, kept verbatim. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = Record<string, unknown>;

/** Token counts as Codex records them (integers; newer builds add cache writes). */
export const TokenUsageSchema = documented(
  z.looseObject({
    input_tokens: z.number(),
    cached_input_tokens: z.number().optional(),
    cache_write_input_tokens: z.number().optional(),
    output_tokens: z.number(),
    reasoning_output_tokens: z.number().optional(),
    total_tokens: z.number(),
  }),
  { id: 'TokenUsage', description: 'Token counts of a response, a turn or a thread.' },
);
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** Git facts of a session's cwd (`session_meta.git`). */
export const GitInfoSchema = documented(
  z.looseObject({
    commit_hash: z.string().nullish(),
    branch: z.string().nullish(),
    repository_url: z.string().nullish(),
  }),
  { id: 'GitInfo', description: 'Git commit, branch and origin of the working directory.' },
);
export type GitInfo = z.infer<typeof GitInfoSchema>;

/** The per-category switches of the `{granular: {...}}` approval policy. */
export const GranularApprovalSchema = z.looseObject({
  sandbox_approval: z.boolean().optional(),
  rules: z.boolean().optional(),
  skill_approval: z.boolean().optional(),
  request_permissions: z.boolean().optional(),
  mcp_elicitations: z.boolean().optional(),
});
export type GranularApproval = z.infer<typeof GranularApprovalSchema>;

export const APPROVAL_POLICIES = ['untrusted', 'on-request', 'on-failure', 'never'] as const;
/**
 * Approval policy: kebab-case strings (`on-failure` is the legacy alias of
 * `on-request`) or `{granular: {...}}`. Unknown strings and unknown object
 * forms are kept rather than failing the line.
 */
export const AskForApprovalSchema = documented(
  z.union([z.enum(APPROVAL_POLICIES), z.string(), z.looseObject({ granular: GranularApprovalSchema }), JsonObjectSchema], {
    error: 'expected a string or an object',
  }),
  { id: 'AskForApproval' },
) as unknown as z.ZodType<
  (typeof APPROVAL_POLICIES)[number] | (string & {}) | { granular: GranularApproval } | JsonObject
>;
export type AskForApproval = z.infer<typeof AskForApprovalSchema>;

export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
/** Reasoning effort; unknown future values are kept as strings. */
export const ReasoningEffortSchema = openEnum(REASONING_EFFORTS);
export type ReasoningEffort = z.infer<typeof ReasoningEffortSchema>;

export const REASONING_SUMMARIES = ['auto', 'concise', 'detailed', 'none'] as const;
/** Reasoning summary setting of a turn; unknown values are kept. */
export const ReasoningSummarySchema = openEnum(REASONING_SUMMARIES);
export type ReasoningSummary = z.infer<typeof ReasoningSummarySchema>;

export const HISTORY_MODES = ['legacy', 'paginated'] as const;
/**
 * The history modes this version understands: `legacy` (no ordinals; what
 * threadkit writes) or `paginated` (ordinals). This schema is strict; the
 * `history_mode` field of session_meta accepts any string, and
 * `historyModeOf()` reports a value outside this list.
 */
export const HistoryModeSchema = z.enum(HISTORY_MODES);
export type HistoryMode = z.infer<typeof HistoryModeSchema>;

export const MEMORY_MODES = ['enabled', 'disabled'] as const;
/** Memory mode: Codex writes `disabled` only; absent means enabled. */
export const MemoryModeSchema = openEnum(MEMORY_MODES);
export type MemoryMode = z.infer<typeof MemoryModeSchema>;

export const MULTI_AGENT_VERSIONS = ['disabled', 'v1', 'v2'] as const;
export const MultiAgentVersionSchema = openEnum(MULTI_AGENT_VERSIONS);
export type MultiAgentVersion = z.infer<typeof MultiAgentVersionSchema>;

export const MESSAGE_PHASES = ['commentary', 'partial_answer', 'final_answer'] as const;
/** Phase of an assistant message; absent on older files and on user messages. */
export const MessagePhaseSchema = openEnum(MESSAGE_PHASES);
export type MessagePhase = z.infer<typeof MessagePhaseSchema>;

/** A Rust `Duration` as serde writes it. */
export const DurationSchema = z.looseObject({ secs: z.number(), nanos: z.number() });
export type Duration = z.infer<typeof DurationSchema>;

/** Harness metadata carried next to some values (`turn_id`, `create_time`, `content_item_kinds`). */
export const ChatMessageMetadataPassthroughSchema = z.looseObject({ turn_id: z.string().nullish() });
export type ChatMessageMetadataPassthrough = z.infer<typeof ChatMessageMetadataPassthroughSchema>;

/** An error as events carry it: a message and an optional machine-readable kind. */
export const ErrorInfoSchema = z.looseObject({
  message: z.string(),
  codex_error_info: z.union([z.string(), JsonObjectSchema]).nullish(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
