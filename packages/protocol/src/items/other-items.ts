import { z } from 'zod';
import { documented } from '../schema/schema-docs';
import { ChatMessageMetadataPassthroughSchema, JsonObjectSchema, TokenUsageSchema } from './common';
import { ResponseItemSchema } from './response-item';

/**
 * Harness metadata that newer builds write next to a `response_item` payload
 * (the line's `metadata` key) and in `compacted.replacement_history_metadata`.
 * Other known keys (`guardian_sources`, `retained_source`,
 * `delivered_assistant_message`, `user_input_order`, `mcp_attribution`, ...)
 * are kept verbatim.
 */
export const CodexHarnessMetadataSchema = documented(
  z.looseObject({ client_authored: z.boolean().optional() }),
  { id: 'CodexHarnessMetadata' },
);
export type CodexHarnessMetadata = z.infer<typeof CodexHarnessMetadataSchema>;

/** Exact token usage of one model response (newest builds). */
export const TokenUsageRecordSchema = documented(
  z.looseObject({
    thread_id: z.string().optional(),
    turn_id: z.string().nullish(),
    session_id: z.string().nullish(),
    root_turn_id: z.string().nullish(),
    response_id: z.string().nullish(),
    usage: TokenUsageSchema.nullish(),
    turn_token_usage: TokenUsageSchema.nullish(),
    thread_token_usage: TokenUsageSchema.nullish(),
  }),
  { id: 'TokenUsageRecord', description: 'Token usage of one response, its turn and its thread.' },
);
export type TokenUsageRecord = z.infer<typeof TokenUsageRecordSchema>;

/**
 * `compacted`: a summary; `replacement_history` replaces all earlier history
 * on replay. Older files wrote the window number under `window_id` (see
 * {@link compactedWindowNumber}).
 */
export const CompactedSchema = documented(
  z.looseObject({
    message: z.string(),
    replacement_history: z.array(ResponseItemSchema).nullish(),
    replacement_history_metadata: z.array(CodexHarnessMetadataSchema).nullish(),
    window_number: z.number().int().nonnegative().nullish(),
    window_id: z.union([z.string(), z.number()]).nullish(),
    first_window_id: z.string().nullish(),
    previous_window_id: z.string().nullish(),
    compaction_response_id: z.string().nullish(),
    latest_token_usage_record: TokenUsageRecordSchema.nullish(),
    resume_metadata: JsonObjectSchema.nullish(),
  }),
  { id: 'Compacted', description: 'A compaction: summary text and optionally the history that replaces the past.' },
);
export type Compacted = z.infer<typeof CompactedSchema>;

/** The compaction window number: `window_number`, or a numeric `window_id` written by older builds. */
export function compactedWindowNumber(compacted: Pick<Compacted, 'window_number' | 'window_id'>): number | undefined {
  if (typeof compacted.window_number === 'number') return compacted.window_number;
  return typeof compacted.window_id === 'number' ? compacted.window_id : undefined;
}

/** `world_state`: a full snapshot (`full: true`) or an RFC 7386 merge patch of model-visible state. */
export const WorldStateSchema = documented(
  z.looseObject({
    full: z.boolean(),
    state: z.record(z.string(), z.unknown()),
  }),
  { id: 'WorldState' },
);
export type WorldState = z.infer<typeof WorldStateSchema>;

/** A message between agents; agent paths look like `/root` or `/root/reviewer`. */
export const InterAgentCommunicationSchema = documented(
  z.looseObject({
    id: z.string().nullish(),
    author: z.string(),
    recipient: z.string(),
    other_recipients: z.array(z.string()).optional(),
    content: z.string(),
    encrypted_content: z.string().nullish(),
    internal_chat_message_metadata_passthrough: ChatMessageMetadataPassthroughSchema.nullish(),
    trigger_turn: z.boolean().optional(),
  }),
  { id: 'InterAgentCommunication' },
);
export type InterAgentCommunication = z.infer<typeof InterAgentCommunicationSchema>;

/** Marks that the next item triggers a turn of a child agent; no user-visible content. */
export const InterAgentCommunicationMetadataSchema = documented(z.looseObject({ trigger_turn: z.boolean() }), {
  id: 'InterAgentCommunicationMetadata',
});
export type InterAgentCommunicationMetadata = z.infer<typeof InterAgentCommunicationMetadataSchema>;

/** Newest kinds that threadkit keeps verbatim without interpreting. */
export const OpaquePayloadSchema = z.record(z.string(), z.unknown());
