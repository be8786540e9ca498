import { z } from 'zod';
import { type OpenRecord, openEnum, openTaggedUnion } from '../schema/open-schemas';
import { documented } from '../schema/schema-docs';
import {
  AskForApprovalSchema,
  DurationSchema,
  ErrorInfoSchema,
  JsonObjectSchema,
  MessagePhaseSchema,
  ReasoningEffortSchema,
  ReasoningSummarySchema,
  TokenUsageSchema,
} from './common';
import { CollaborationModeSchema, PermissionProfileSchema } from './policies';
import { WebSearchActionSchema } from './response-item';

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();

/** What the human typed (legacy history mode); the source of list previews. */
export const UserMessageEventSchema = z.looseObject({
  type: z.literal('user_message'),
  message: z.string(),
  images: z.array(z.string()).nullish(),
  local_images: z.array(z.unknown()).optional(),
  text_elements: z.array(z.unknown()).optional(),
  client_id: nullableString,
  file_ids: z.array(z.string()).nullish(),
  image_order: z.array(openEnum(['inline', 'file'])).nullish(),
  local_audio: z.array(z.unknown()).optional(),
  /** Oldest envelope files: `plain`, `user_instructions` or `environment_context`. */
  kind: openEnum(['plain', 'user_instructions', 'environment_context']).optional(),
});
/** The assistant's reply as shown in the UI (mirrors the assistant response item). */
export const AgentMessageEventSchema = z.looseObject({
  type: z.literal('agent_message'),
  message: z.string(),
  phase: MessagePhaseSchema.nullish(),
  memory_citation: JsonObjectSchema.nullish(),
});
export const AgentReasoningEventSchema = z.looseObject({
  type: z.enum(['agent_reasoning', 'agent_reasoning_raw_content']),
  text: z.string(),
});

export const TokenCountInfoSchema = z.looseObject({
  total_token_usage: TokenUsageSchema,
  last_token_usage: TokenUsageSchema.optional(),
  model_context_window: nullableNumber,
});
export type TokenCountInfo = z.infer<typeof TokenCountInfoSchema>;

/** One rate-limit window; older files have `resets_in_seconds` instead of `resets_at`. */
export const RateLimitWindowSchema = z.looseObject({
  used_percent: z.number(),
  window_minutes: nullableNumber,
  resets_at: nullableNumber,
  resets_in_seconds: nullableNumber,
});
export const RateLimitSnapshotSchema = documented(
  z.looseObject({
    limit_id: nullableString,
    limit_name: nullableString,
    normal_model_slug: nullableString,
    primary: RateLimitWindowSchema.nullish(),
    secondary: RateLimitWindowSchema.nullish(),
    credits: z.looseObject({ has_credits: z.boolean().optional(), unlimited: z.boolean().optional() }).nullish(),
    spend_control_reached: z.boolean().nullish(),
    plan_type: nullableString,
    rate_limit_reached_type: nullableString,
  }),
  { id: 'RateLimitSnapshot' },
);
export type RateLimitSnapshot = z.infer<typeof RateLimitSnapshotSchema>;

/** Token usage after a model response; `info` and `rate_limits` may be null. */
export const TokenCountEventSchema = z.looseObject({
  type: z.literal('token_count'),
  info: TokenCountInfoSchema.nullish(),
  rate_limits: RateLimitSnapshotSchema.nullish(),
});
/** Turn start; `turn_started` is the read alias. */
export const TaskStartedEventSchema = z.looseObject({
  type: z.enum(['task_started', 'turn_started']),
  turn_id: z.string().optional(),
  model_context_window: nullableNumber,
  collaboration_mode_kind: z.string().optional(),
  started_at: nullableNumber,
  trace_id: nullableString,
  root_turn_id: nullableString,
});
/** Turn end; `turn_complete` is the read alias. Times are unix seconds, durations milliseconds. */
export const TaskCompleteEventSchema = z.looseObject({
  type: z.enum(['task_complete', 'turn_complete']),
  turn_id: z.string().optional(),
  last_agent_message: nullableString,
  started_at: nullableNumber,
  completed_at: nullableNumber,
  duration_ms: nullableNumber,
  time_to_first_token_ms: nullableNumber,
  root_turn_id: nullableString,
  error: ErrorInfoSchema.nullish(),
});
export const TURN_ABORT_REASONS = ['interrupted', 'replaced', 'review_ended', 'budget_limited'] as const;
export const TurnAbortedEventSchema = z.looseObject({
  type: z.literal('turn_aborted'),
  turn_id: nullableString,
  reason: openEnum(TURN_ABORT_REASONS),
  error: ErrorInfoSchema.nullish(),
  started_at: nullableNumber,
  completed_at: nullableNumber,
  duration_ms: nullableNumber,
  root_turn_id: nullableString,
});
/** Legacy rollback marker: drop the last `num_turns` user turns on replay. */
export const ThreadRolledBackEventSchema = z.looseObject({
  type: z.literal('thread_rolled_back'),
  num_turns: z.number().int().nonnegative(),
});
export const ContextCompactedEventSchema = z.looseObject({ type: z.literal('context_compacted') });

export const THREAD_GOAL_STATUSES = [
  'active',
  'paused',
  'blocked',
  'usageLimited',
  'budgetLimited',
  'complete',
] as const;
/** Goal updates use camelCase fields on disk; `goal.objective` can serve as a preview. */
export const ThreadGoalUpdatedEventSchema = z.looseObject({
  type: z.literal('thread_goal_updated'),
  threadId: z.string().optional(),
  turnId: nullableString,
  goal: z
    .looseObject({
      threadId: z.string().optional(),
      objective: z.string().optional(),
      status: openEnum(THREAD_GOAL_STATUSES).optional(),
      tokenBudget: nullableNumber,
      tokensUsed: z.number().optional(),
      timeUsedSeconds: z.number().optional(),
    })
    .nullish(),
});
/** Older builds recorded renames as events (newer ones use session_index.jsonl only). */
export const ThreadNameUpdatedEventSchema = z.looseObject({
  type: z.literal('thread_name_updated'),
  thread_id: z.string().optional(),
  thread_name: nullableString,
});

/** What a review looks at; tags inside `target` are camelCase. */
export const ReviewTargetSchema = openTaggedUnion(
  [
    z.looseObject({ type: z.literal('uncommittedChanges') }),
    z.looseObject({ type: z.literal('baseBranch'), branch: z.string() }),
    z.looseObject({ type: z.literal('commit'), sha: z.string(), title: nullableString }),
    z.looseObject({ type: z.literal('custom'), instructions: z.string() }),
  ],
  'a review target',
);
export type ReviewTarget = z.infer<typeof ReviewTargetSchema>;
export const EnteredReviewModeEventSchema = z.looseObject({
  type: z.literal('entered_review_mode'),
  target: ReviewTargetSchema,
  user_facing_hint: nullableString,
  turn_id: nullableString,
  item_id: nullableString,
});
export const ReviewFindingSchema = z.looseObject({
  title: z.string(),
  body: z.string(),
  confidence_score: z.number(),
  priority: z.number().nullish(),
  code_location: z.looseObject({
    absolute_file_path: z.string(),
    line_range: z.looseObject({ start: z.number(), end: z.number() }),
  }),
});
export const ExitedReviewModeEventSchema = z.looseObject({
  type: z.literal('exited_review_mode'),
  review_output: z
    .looseObject({
      findings: z.array(ReviewFindingSchema),
      overall_correctness: z.string(),
      overall_explanation: z.string(),
      overall_confidence_score: z.number(),
    })
    .nullish(),
  turn_id: nullableString,
  item_id: nullableString,
});

/** One file of a patch: added, deleted or updated (possibly moved). */
export const FileChangeSchema = openTaggedUnion(
  [
    z.looseObject({ type: z.literal('add'), content: z.string() }),
    z.looseObject({ type: z.literal('delete'), content: z.string() }),
    z.looseObject({ type: z.literal('update'), unified_diff: z.string(), move_path: nullableString }),
  ],
  'a file change',
);
export type FileChange = z.infer<typeof FileChangeSchema>;
export const PatchApplyEndEventSchema = z.looseObject({
  type: z.literal('patch_apply_end'),
  call_id: z.string(),
  turn_id: z.string().optional(),
  stdout: z.string(),
  stderr: z.string(),
  success: z.boolean(),
  changes: z.record(z.string(), FileChangeSchema).optional(),
  status: openEnum(['completed', 'failed', 'declined']).optional(),
});
export const McpToolCallEndEventSchema = z.looseObject({
  type: z.literal('mcp_tool_call_end'),
  call_id: z.string(),
  turn_id: z.string().optional(),
  invocation: z.looseObject({ server: z.string(), tool: z.string(), arguments: z.unknown().optional() }),
  duration: DurationSchema,
  /** `{"Ok": CallToolResult}` or `{"Err": message}`. */
  result: z.union([z.looseObject({ Ok: JsonObjectSchema }), z.looseObject({ Err: z.string() }), JsonObjectSchema]),
  connector_id: nullableString,
  app_name: nullableString,
});
export const WebSearchEndEventSchema = z.looseObject({
  type: z.literal('web_search_end'),
  call_id: z.string(),
  query: z.string(),
  action: WebSearchActionSchema.nullish(),
  results: z.unknown().optional(),
});
export const ImageGenerationEndEventSchema = z.looseObject({
  type: z.literal('image_generation_end'),
  call_id: z.string(),
  status: z.string(),
  revised_prompt: nullableString,
  result: z.string().optional(),
  saved_path: nullableString,
  transparent_background: z.boolean().nullish(),
});

/** The text of a user input (`{type:"text"}`); other inputs (images, files) are kept as they are. */
export const TurnItemUserInputSchema = openTaggedUnion(
  [z.looseObject({ type: z.literal('text'), text: z.string(), text_elements: z.array(z.unknown()).optional() })],
  'a user input',
);
/** Agent message parts are PascalCase-tagged: `{type:"Text", text}`. */
export const TurnItemAgentContentSchema = openTaggedUnion(
  [z.looseObject({ type: z.literal('Text'), text: z.string() })],
  'an agent message part',
);
export const UserMessageTurnItemSchema = z.looseObject({
  type: z.literal('UserMessage'),
  id: z.string(),
  content: z.array(TurnItemUserInputSchema),
});
export const AgentMessageTurnItemSchema = z.looseObject({
  type: z.literal('AgentMessage'),
  id: z.string(),
  content: z.array(TurnItemAgentContentSchema),
  phase: MessagePhaseSchema.nullish(),
});
export const PlanTurnItemSchema = z.looseObject({ type: z.literal('Plan'), id: z.string(), text: z.string() });
/**
 * A completed turn item (`item_completed.item`), tagged with PascalCase
 * variant names. The messages and plans are typed; other variants
 * (`Reasoning`, `CommandExecution`, `FileChange`, ...) are kept opaque.
 */
export const TurnItemSchema = documented(
  openTaggedUnion([UserMessageTurnItemSchema, AgentMessageTurnItemSchema, PlanTurnItemSchema], 'a turn item'),
  { id: 'TurnItem' },
);
export type TurnItem = z.infer<typeof TurnItemSchema>;
export type UserMessageTurnItem = z.infer<typeof UserMessageTurnItemSchema>;
export type AgentMessageTurnItem = z.infer<typeof AgentMessageTurnItemSchema>;
export type PlanTurnItem = z.infer<typeof PlanTurnItemSchema>;

/** A finished turn item; in paginated files this carries the conversation text. */
export const ItemCompletedEventSchema = z.looseObject({
  type: z.literal('item_completed'),
  thread_id: z.string().optional(),
  turn_id: z.string().optional(),
  item: TurnItemSchema,
  started_at_ms: nullableNumber,
  completed_at_ms: z.number().optional(),
});

export const SUB_AGENT_ACTIVITY_KINDS = ['started', 'interacted', 'interrupted', 'completed'] as const;
/** Activity of a sub-agent; `kind` gained `completed` later (never fail on a newer kind). */
export const SubAgentActivityEventSchema = z.looseObject({
  type: z.literal('sub_agent_activity'),
  model: nullableString,
  reasoning_effort: ReasoningEffortSchema.nullish(),
  event_id: z.string(),
  occurred_at_ms: z.number().optional(),
  agent_thread_id: z.string(),
  agent_path: z.string(),
  kind: openEnum(SUB_AGENT_ACTIVITY_KINDS),
});
/** Settings a thread runs with, recorded when they are applied. */
export const ThreadSettingsSchema = z.looseObject({
  model: z.string(),
  model_provider_id: z.string().optional(),
  service_tier: nullableString,
  approval_policy: AskForApprovalSchema.optional(),
  approvals_reviewer: nullableString,
  permission_profile: PermissionProfileSchema.optional(),
  active_permission_profile: z.looseObject({ id: z.string(), extends: nullableString }).nullish(),
  cwd: z.string(),
  runtime_workspace_roots: z.array(z.string()).nullish(),
  reasoning_effort: ReasoningEffortSchema.nullish(),
  reasoning_summary: ReasoningSummarySchema.nullish(),
  personality: nullableString,
  collaboration_mode: CollaborationModeSchema.nullish(),
  disabled_plugin_ids: z.array(z.string()).optional(),
});
export type ThreadSettings = z.infer<typeof ThreadSettingsSchema>;
export const ThreadSettingsAppliedEventSchema = z.looseObject({
  type: z.literal('thread_settings_applied'),
  thread_id: nullableString,
  thread_settings: ThreadSettingsSchema,
});
/** A finished shell command (persisted by some builds with outputs cleared or truncated). */
export const ExecCommandEndEventSchema = z.looseObject({
  type: z.literal('exec_command_end'),
  call_id: z.string(),
  process_id: nullableString,
  turn_id: z.string().optional(),
  command: z.array(z.string()).optional(),
  cwd: z.string().optional(),
  parsed_cmd: z.array(z.unknown()).optional(),
  source: openEnum(['agent', 'user_shell', 'unified_exec_startup', 'unified_exec_interaction']).optional(),
  interaction_input: nullableString,
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  aggregated_output: z.string().optional(),
  exit_code: z.number().optional(),
  duration: DurationSchema.optional(),
  formatted_output: z.string().optional(),
  status: z.string().optional(),
});
/** An error shown to the user; `codex_error_info` is a snake_case string or an object. */
export const ErrorEventSchema = z.looseObject({
  type: z.literal('error'),
  message: z.string(),
  codex_error_info: z.union([z.string(), JsonObjectSchema]).nullish(),
});

export const KNOWN_EVENT_SCHEMAS = {
  user_message: UserMessageEventSchema,
  agent_message: AgentMessageEventSchema,
  agent_reasoning: AgentReasoningEventSchema,
  agent_reasoning_raw_content: AgentReasoningEventSchema,
  token_count: TokenCountEventSchema,
  task_started: TaskStartedEventSchema,
  turn_started: TaskStartedEventSchema,
  task_complete: TaskCompleteEventSchema,
  turn_complete: TaskCompleteEventSchema,
  turn_aborted: TurnAbortedEventSchema,
  thread_rolled_back: ThreadRolledBackEventSchema,
  context_compacted: ContextCompactedEventSchema,
  thread_goal_updated: ThreadGoalUpdatedEventSchema,
  thread_name_updated: ThreadNameUpdatedEventSchema,
  entered_review_mode: EnteredReviewModeEventSchema,
  exited_review_mode: ExitedReviewModeEventSchema,
  patch_apply_end: PatchApplyEndEventSchema,
  mcp_tool_call_end: McpToolCallEndEventSchema,
  web_search_end: WebSearchEndEventSchema,
  image_generation_end: ImageGenerationEndEventSchema,
  item_completed: ItemCompletedEventSchema,
  sub_agent_activity: SubAgentActivityEventSchema,
  thread_settings_applied: ThreadSettingsAppliedEventSchema,
  exec_command_end: ExecCommandEndEventSchema,
  error: ErrorEventSchema,
} as const;

export type UserMessageEvent = z.infer<typeof UserMessageEventSchema>;
export type AgentMessageEvent = z.infer<typeof AgentMessageEventSchema>;
export type AgentReasoningEvent = z.infer<typeof AgentReasoningEventSchema>;
export type TokenCountEvent = z.infer<typeof TokenCountEventSchema>;
export type TaskStartedEvent = z.infer<typeof TaskStartedEventSchema>;
export type TaskCompleteEvent = z.infer<typeof TaskCompleteEventSchema>;
export type TurnAbortedEvent = z.infer<typeof TurnAbortedEventSchema>;
export type ThreadRolledBackEvent = z.infer<typeof ThreadRolledBackEventSchema>;
export type ContextCompactedEvent = z.infer<typeof ContextCompactedEventSchema>;
export type ThreadGoalUpdatedEvent = z.infer<typeof ThreadGoalUpdatedEventSchema>;
export type ThreadNameUpdatedEvent = z.infer<typeof ThreadNameUpdatedEventSchema>;
export type EnteredReviewModeEvent = z.infer<typeof EnteredReviewModeEventSchema>;
export type ExitedReviewModeEvent = z.infer<typeof ExitedReviewModeEventSchema>;
export type PatchApplyEndEvent = z.infer<typeof PatchApplyEndEventSchema>;
export type McpToolCallEndEvent = z.infer<typeof McpToolCallEndEventSchema>;
export type WebSearchEndEvent = z.infer<typeof WebSearchEndEventSchema>;
export type ImageGenerationEndEvent = z.infer<typeof ImageGenerationEndEventSchema>;
export type ItemCompletedEvent = z.infer<typeof ItemCompletedEventSchema>;
export type SubAgentActivityEvent = z.infer<typeof SubAgentActivityEventSchema>;
export type ThreadSettingsAppliedEvent = z.infer<typeof ThreadSettingsAppliedEventSchema>;
export type ExecCommandEndEvent = z.infer<typeof ExecCommandEndEventSchema>;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;

/** An event this version does not type; kept verbatim as an opaque record. */
export type OtherEventMsg = OpenRecord;

export type KnownEventMsg = {
  [K in keyof typeof KNOWN_EVENT_SCHEMAS]: z.infer<(typeof KNOWN_EVENT_SCHEMAS)[K]>;
}[keyof typeof KNOWN_EVENT_SCHEMAS];

export type EventMsg = KnownEventMsg | OtherEventMsg;

/** Validates an event: typed kinds against their schema, others as opaque objects with a `type`. */
export const EventMsgSchema = documented(
  openTaggedUnion(
    [...new Set(Object.values(KNOWN_EVENT_SCHEMAS))] as unknown as [
      (typeof KNOWN_EVENT_SCHEMAS)[keyof typeof KNOWN_EVENT_SCHEMAS],
    ],
    'an event',
  ),
  { id: 'EventMsg', description: 'A UI/protocol event, tagged by `type`.' },
) as unknown as z.ZodType<EventMsg>;

/** Narrows an event to one typed kind. */
export function isEventOfType<T extends keyof typeof KNOWN_EVENT_SCHEMAS>(
  event: { type: string } | undefined | null,
  type: T,
): event is z.infer<(typeof KNOWN_EVENT_SCHEMAS)[T]> {
  return !!event && event.type === type;
}

/** The canonical name of an event type: the read aliases `turn_started`/`turn_complete` map to `task_*`. */
export function canonicalEventType(type: string): string {
  if (type === 'turn_started') return 'task_started';
  if (type === 'turn_complete') return 'task_complete';
  return type;
}
