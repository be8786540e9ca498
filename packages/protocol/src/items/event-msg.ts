import { z } from 'zod';
import { TokenUsageSchema } from './common';

const nullableString = z.string().nullish();

export const UserMessageEventSchema = z.looseObject({
  type: z.literal('user_message'),
  message: z.string(),
  images: z.array(z.string()).nullish(),
  local_images: z.array(z.unknown()).optional(),
  text_elements: z.array(z.unknown()).optional(),
  kind: z.string().optional(),
});
export const AgentMessageEventSchema = z.looseObject({
  type: z.literal('agent_message'),
  message: z.string(),
  phase: nullableString,
});
export const AgentReasoningEventSchema = z.looseObject({
  type: z.enum(['agent_reasoning', 'agent_reasoning_raw_content']),
  text: z.string(),
});
export const TokenCountInfoSchema = z.looseObject({
  total_token_usage: TokenUsageSchema,
  last_token_usage: TokenUsageSchema.optional(),
  model_context_window: z.number().nullish(),
});
export const TokenCountEventSchema = z.looseObject({
  type: z.literal('token_count'),
  info: TokenCountInfoSchema.nullish(),
  rate_limits: z.unknown().optional(),
});
/** Turn start; `turn_started` is the read alias. */
export const TaskStartedEventSchema = z.looseObject({
  type: z.enum(['task_started', 'turn_started']),
  turn_id: z.string().optional(),
  model_context_window: z.number().nullish(),
  collaboration_mode_kind: z.string().optional(),
  started_at: z.number().nullish(),
});
/** Turn end; `turn_complete` is the read alias. */
export const TaskCompleteEventSchema = z.looseObject({
  type: z.enum(['task_complete', 'turn_complete']),
  turn_id: z.string().optional(),
  last_agent_message: nullableString,
  completed_at: z.number().nullish(),
  duration_ms: z.number().nullish(),
});
export const TurnAbortedEventSchema = z.looseObject({
  type: z.literal('turn_aborted'),
  turn_id: nullableString,
  reason: z.string(),
});
/** Legacy rollback marker: drop the last `num_turns` user turns on replay. */
export const ThreadRolledBackEventSchema = z.looseObject({
  type: z.literal('thread_rolled_back'),
  num_turns: z.number().int().nonnegative(),
});
export const ContextCompactedEventSchema = z.looseObject({ type: z.literal('context_compacted') });
/** Goal updates use camelCase fields on disk; `goal.objective` can serve as a preview. */
export const ThreadGoalUpdatedEventSchema = z.looseObject({
  type: z.literal('thread_goal_updated'),
  threadId: z.string().optional(),
  goal: z.looseObject({ objective: z.string().optional(), status: z.string().optional() }).nullish(),
});
export const ThreadNameUpdatedEventSchema = z.looseObject({
  type: z.literal('thread_name_updated'),
  thread_id: z.string().optional(),
  thread_name: nullableString,
});
export const ItemCompletedEventSchema = z.looseObject({
  type: z.literal('item_completed'),
  thread_id: z.string().optional(),
  turn_id: z.string().optional(),
  item: z.looseObject({ type: z.string() }),
});
export const ErrorEventSchema = z.looseObject({ type: z.literal('error'), message: z.string() });

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
  item_completed: ItemCompletedEventSchema,
  error: ErrorEventSchema,
} as const;

export type UserMessageEvent = z.infer<typeof UserMessageEventSchema>;
export type AgentMessageEvent = z.infer<typeof AgentMessageEventSchema>;
export type TokenCountEvent = z.infer<typeof TokenCountEventSchema>;
export type TaskStartedEvent = z.infer<typeof TaskStartedEventSchema>;
export type TaskCompleteEvent = z.infer<typeof TaskCompleteEventSchema>;
export type TurnAbortedEvent = z.infer<typeof TurnAbortedEventSchema>;
export type ThreadRolledBackEvent = z.infer<typeof ThreadRolledBackEventSchema>;
export type ThreadGoalUpdatedEvent = z.infer<typeof ThreadGoalUpdatedEventSchema>;

/** An event this version does not type; kept verbatim as an opaque record. */
export type OtherEventMsg = { type: string; [key: string]: unknown };

export type KnownEventMsg = {
  [K in keyof typeof KNOWN_EVENT_SCHEMAS]: z.infer<(typeof KNOWN_EVENT_SCHEMAS)[K]>;
}[keyof typeof KNOWN_EVENT_SCHEMAS];

export type EventMsg = KnownEventMsg | OtherEventMsg;

/** Validates an event: typed kinds against their schema, others as opaque objects with a `type`. */
export const EventMsgSchema = z
  .looseObject({ type: z.string() })
  .superRefine((value, ctx) => {
    const schema = (KNOWN_EVENT_SCHEMAS as Record<string, z.ZodType>)[value.type];
    if (!schema) return;
    const result = schema.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
  }) as unknown as z.ZodType<EventMsg>;

/** Narrows an event to one typed kind. */
export function isEventOfType<T extends keyof typeof KNOWN_EVENT_SCHEMAS>(
  event: { type: string } | undefined | null,
  type: T,
): event is z.infer<(typeof KNOWN_EVENT_SCHEMAS)[T]> {
  return !!event && event.type === type;
}
