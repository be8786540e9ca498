import { z } from 'zod';
import type { JsonObject } from './items/common';
import { type EventMsg, EventMsgSchema } from './items/event-msg';
import {
  CodexHarnessMetadataSchema,
  type Compacted,
  CompactedSchema,
  type InterAgentCommunication,
  type InterAgentCommunicationMetadata,
  InterAgentCommunicationMetadataSchema,
  InterAgentCommunicationSchema,
  OpaquePayloadSchema,
  type TokenUsageRecord,
  TokenUsageRecordSchema,
  type WorldState,
  WorldStateSchema,
} from './items/other-items';
import { type ResponseItem, ResponseItemSchema } from './items/response-item';
import { type SessionMeta, SessionMetaSchema } from './items/session-meta';
import { type TurnContext, TurnContextSchema } from './items/turn-context';
import { openTaggedUnion } from './schema/open-schemas';
import { documented } from './schema/schema-docs';

/** Payload schema of every line kind threadkit knows, keyed by the `type` tag. */
export const ROLLOUT_ITEM_SCHEMAS = {
  session_meta: SessionMetaSchema,
  response_item: ResponseItemSchema,
  event_msg: EventMsgSchema,
  turn_context: TurnContextSchema,
  compacted: CompactedSchema,
  world_state: WorldStateSchema,
  inter_agent_communication: InterAgentCommunicationSchema,
  inter_agent_communication_metadata: InterAgentCommunicationMetadataSchema,
  token_usage_record: TokenUsageRecordSchema,
  retained_context: OpaquePayloadSchema,
  security_risk_score: OpaquePayloadSchema,
  realtime_item: OpaquePayloadSchema,
} as const;

export type RolloutItemType = keyof typeof ROLLOUT_ITEM_SCHEMAS;
export const ROLLOUT_ITEM_TYPES = Object.keys(ROLLOUT_ITEM_SCHEMAS) as RolloutItemType[];

export function isKnownRolloutItemType(type: string): type is RolloutItemType {
  return Object.hasOwn(ROLLOUT_ITEM_SCHEMAS, type);
}

/** One history record without its envelope: what stores append and return. */
export type RolloutItem =
  | { type: 'session_meta'; payload: SessionMeta }
  | { type: 'response_item'; payload: ResponseItem; metadata?: JsonObject }
  | { type: 'event_msg'; payload: EventMsg }
  | { type: 'turn_context'; payload: TurnContext }
  | { type: 'compacted'; payload: Compacted }
  | { type: 'world_state'; payload: WorldState }
  | { type: 'inter_agent_communication'; payload: InterAgentCommunication }
  | { type: 'inter_agent_communication_metadata'; payload: InterAgentCommunicationMetadata }
  | { type: 'token_usage_record'; payload: TokenUsageRecord }
  | { type: 'retained_context'; payload: JsonObject }
  | { type: 'security_risk_score'; payload: JsonObject }
  | { type: 'realtime_item'; payload: JsonObject };

/** A record of a kind this version does not know: kept verbatim, never interpreted. */
export interface UnknownRolloutItem {
  type: string;
  payload: unknown;
  metadata?: JsonObject;
}

/** Envelope fields every line has: write time (UTC, ms) and, in paginated mode, an ordinal. */
export interface RolloutEnvelope {
  timestamp: string;
  ordinal?: number;
  /** Unknown top-level fields of the line, kept so a rewrite stays lossless. */
  extra?: JsonObject;
}

/** A parsed line of a known kind. */
export type RolloutLine = RolloutEnvelope & RolloutItem;
/** A parsed line of an unknown kind. */
export type UnknownRolloutLine = RolloutEnvelope & UnknownRolloutItem;

/** Zod schema of the envelope alone (timestamps must be strings, as current Codex requires). */
export const RolloutEnvelopeSchema = z.looseObject({
  timestamp: z.string(),
  ordinal: z.number().int().nonnegative().optional(),
  type: z.string(),
  payload: z.unknown(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const envelopeShape = {
  timestamp: z.string(),
  ordinal: z.number().int().nonnegative().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

function lineSchemaOf<K extends RolloutItemType>(type: K, extra: z.ZodRawShape = {}) {
  return z.looseObject({ ...envelopeShape, type: z.literal(type), payload: ROLLOUT_ITEM_SCHEMAS[type], ...extra });
}

/**
 * A whole rollout line (envelope and payload) as one zod schema: what the
 * shipped JSON Schema is generated from. `parseRolloutLine` is the fast,
 * lenient way to read lines; this schema is for tools that validate objects.
 */
export const RolloutLineSchema = documented(
  openTaggedUnion(
    [
      lineSchemaOf('session_meta'),
      lineSchemaOf('response_item', { metadata: CodexHarnessMetadataSchema.optional() }),
      lineSchemaOf('event_msg'),
      lineSchemaOf('turn_context'),
      lineSchemaOf('compacted'),
      lineSchemaOf('world_state'),
      lineSchemaOf('inter_agent_communication'),
      lineSchemaOf('inter_agent_communication_metadata'),
      lineSchemaOf('token_usage_record'),
      lineSchemaOf('retained_context'),
      lineSchemaOf('security_risk_score'),
      lineSchemaOf('realtime_item'),
    ],
    'a rollout line',
    { ...envelopeShape, payload: z.unknown() },
  ),
  {
    description:
      'One line of a Codex rollout (JSONL): {timestamp, ordinal?, type, payload, metadata?}. Lines of unknown types are kept verbatim.',
  },
);
