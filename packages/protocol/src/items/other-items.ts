import { z } from 'zod';
import { TokenUsageSchema } from './common';
import { ResponseItemSchema } from './response-item';

/** `compacted`: a summary; `replacement_history` replaces all earlier history on replay. */
export const CompactedSchema = z.looseObject({
  message: z.string(),
  replacement_history: z.array(ResponseItemSchema).nullish(),
  // Older files wrote the window number under `window_id`.
  window_id: z.union([z.string(), z.number()]).nullish(),
  window_number: z.number().nullish(),
});
export type Compacted = z.infer<typeof CompactedSchema>;

/** `world_state`: a full snapshot (`full: true`) or an RFC 7386 merge patch. */
export const WorldStateSchema = z.looseObject({
  full: z.boolean(),
  state: z.record(z.string(), z.unknown()),
});
export type WorldState = z.infer<typeof WorldStateSchema>;

export const InterAgentCommunicationSchema = z.looseObject({
  id: z.string().nullish(),
  author: z.string(),
  recipient: z.string(),
  other_recipients: z.array(z.string()).optional(),
  content: z.string(),
  trigger_turn: z.boolean().optional(),
});
export type InterAgentCommunication = z.infer<typeof InterAgentCommunicationSchema>;

export const InterAgentCommunicationMetadataSchema = z.looseObject({ trigger_turn: z.boolean() });
export type InterAgentCommunicationMetadata = z.infer<typeof InterAgentCommunicationMetadataSchema>;

export const TokenUsageRecordSchema = z.looseObject({
  thread_id: z.string().optional(),
  turn_id: z.string().nullish(),
  response_id: z.string().nullish(),
  usage: TokenUsageSchema.nullish(),
  turn_token_usage: TokenUsageSchema.nullish(),
  thread_token_usage: TokenUsageSchema.nullish(),
});
export type TokenUsageRecord = z.infer<typeof TokenUsageRecordSchema>;

/** Newest kinds that threadkit keeps verbatim without interpreting. */
export const OpaquePayloadSchema = z.record(z.string(), z.unknown());
