import { z } from 'zod';
import { type OpenRecord, openEnum, openTaggedUnion } from '../schema/open-schemas';
import { documented } from '../schema/schema-docs';
import { ChatMessageMetadataPassthroughSchema, JsonObjectSchema, MessagePhaseSchema } from './common';

export const IMAGE_DETAILS = ['auto', 'low', 'high', 'original'] as const;
const imageDetail = openEnum(IMAGE_DETAILS).nullish();

export const InputTextContentSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
export const OutputTextContentSchema = z.looseObject({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.unknown()).nullish(),
  logprobs: z.array(z.unknown()).nullish(),
});
/** An image by URL (often a data URL) or, in newer builds, by uploaded file id. */
export const InputImageContentSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().optional(),
  file_id: z.string().optional(),
  detail: imageDetail,
});
export const InputAudioContentSchema = z.looseObject({ type: z.literal('input_audio'), audio_url: z.string().optional() });

/** One content part of a message. Unknown part types are kept. */
export const ContentItemSchema = documented(
  openTaggedUnion(
    [InputTextContentSchema, OutputTextContentSchema, InputImageContentSchema, InputAudioContentSchema],
    'a content item',
  ),
  { id: 'ContentItem' },
);
export type ContentItem = z.infer<typeof ContentItemSchema>;

const KNOWN_CONTENT_ITEM_SCHEMAS = {
  input_text: InputTextContentSchema,
  output_text: OutputTextContentSchema,
  input_image: InputImageContentSchema,
  input_audio: InputAudioContentSchema,
} as const;

/** Narrows a content part to one known type. */
export function isContentItemOfType<T extends keyof typeof KNOWN_CONTENT_ITEM_SCHEMAS>(
  item: { type: string } | undefined | null,
  type: T,
): item is z.infer<(typeof KNOWN_CONTENT_ITEM_SCHEMAS)[T]> {
  return !!item && item.type === type;
}

/** A part of a structured tool output. */
export const ToolOutputContentSchema = openTaggedUnion(
  [
    InputTextContentSchema,
    z.looseObject({ type: z.literal('input_image'), image_url: z.string().optional(), file_id: z.string().optional(), detail: imageDetail }),
    InputAudioContentSchema,
    z.looseObject({ type: z.literal('encrypted_content'), encrypted_content: z.string() }),
  ],
  'a tool output item',
);
export type ToolOutputContent = z.infer<typeof ToolOutputContentSchema>;

/** Tool output: a string, an array of content parts, or the old `{content, success}` object. */
export const ToolOutputSchema = documented(
  z.union(
    [
      z.string(),
      z.array(ToolOutputContentSchema),
      z.looseObject({ content: z.unknown(), success: z.boolean().nullish() }),
    ],
    { error: 'expected a string, an array of content items or {content, success}' },
  ),
  { id: 'ToolOutput' },
);
export type ToolOutput = z.infer<typeof ToolOutputSchema>;

/** Fields any response item may carry in newer builds (all omitted when absent). */
const common = {
  id: z.string().nullish(),
  status: z.string().nullish(),
  internal_chat_message_metadata_passthrough: ChatMessageMetadataPassthroughSchema.nullish(),
};

export const MESSAGE_ROLES = ['user', 'assistant', 'developer', 'system'] as const;

export const MessageItemSchema = z.looseObject({
  type: z.literal('message'),
  role: openEnum(MESSAGE_ROLES),
  content: z.array(ContentItemSchema),
  phase: MessagePhaseSchema.nullish(),
  encrypted_content: z.string().nullish(),
  ...common,
});
const reasoningPart = z.looseObject({ type: z.string(), text: z.string().optional() });
/** Model reasoning. `encrypted_content` is an opaque blob that must be replayed verbatim. */
export const ReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(reasoningPart).optional(),
  content: z.array(reasoningPart).nullish(),
  encrypted_content: z.string().nullish(),
  ...common,
});
/** A function tool call; `arguments` is JSON text, not an object. */
export const FunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  name: z.string(),
  namespace: z.string().nullish(),
  arguments: z.string(),
  call_id: z.string(),
  encrypted_function_args: z.array(z.string()).nullish(),
  ...common,
});
export const FunctionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().optional(),
  name: z.string().nullish(),
  namespace: z.string().nullish(),
  output: ToolOutputSchema,
  ...common,
});
/** A freeform tool call (e.g. `apply_patch`); `input` is raw text. */
export const CustomToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string(),
  name: z.string(),
  namespace: z.string().nullish(),
  input: z.string(),
  ...common,
});
export const CustomToolCallOutputItemSchema = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  call_id: z.string().optional(),
  name: z.string().nullish(),
  namespace: z.string().nullish(),
  output: ToolOutputSchema,
  ...common,
});
export const LocalShellCallItemSchema = z.looseObject({
  type: z.literal('local_shell_call'),
  call_id: z.string().nullish(),
  action: z.looseObject({
    type: z.string(),
    command: z.array(z.string()).optional(),
    timeout_ms: z.number().nullish(),
    working_directory: z.string().nullish(),
    env: z.record(z.string(), z.string()).nullish(),
    user: z.string().nullish(),
  }),
  ...common,
});
/** Web search action: `search` (query/queries), `open_page` (url), `find_in_page` (url, pattern), or newer. */
export const WebSearchActionSchema = z.looseObject({
  type: z.string(),
  query: z.string().nullish(),
  queries: z.array(z.string()).nullish(),
  url: z.string().nullish(),
  pattern: z.string().nullish(),
});
export type WebSearchAction = z.infer<typeof WebSearchActionSchema>;
export const WebSearchCallItemSchema = z.looseObject({
  type: z.literal('web_search_call'),
  action: WebSearchActionSchema.nullish(),
  ...common,
});
export const ToolSearchCallItemSchema = z.looseObject({
  type: z.literal('tool_search_call'),
  call_id: z.string().nullish(),
  execution: z.string(),
  arguments: z.unknown(),
  ...common,
});
export const ToolSearchOutputItemSchema = z.looseObject({
  type: z.literal('tool_search_output'),
  call_id: z.string().nullish(),
  execution: z.string(),
  tools: z.array(z.unknown()),
  ...common,
});
/** Image generation; newer builds blank `result` (the base64 image) when persisting. */
export const ImageGenerationCallItemSchema = z.looseObject({
  type: z.literal('image_generation_call'),
  revised_prompt: z.string().nullish(),
  result: z.string().optional(),
  ...common,
});
/** Remote compaction summary (`compaction_summary` is the read alias). */
export const CompactionItemSchema = z.looseObject({
  type: z.enum(['compaction', 'compaction_summary']),
  encrypted_content: z.string().nullish(),
  ...common,
});
export const ContextCompactionItemSchema = z.looseObject({
  type: z.literal('context_compaction'),
  encrypted_content: z.string().nullish(),
  ...common,
});
/** A message between agents of a multi-agent thread. */
export const AgentMessageItemSchema = z.looseObject({
  type: z.literal('agent_message'),
  author: z.string().optional(),
  recipient: z.string().optional(),
  content: z.array(
    openTaggedUnion(
      [InputTextContentSchema, z.looseObject({ type: z.literal('encrypted_content'), encrypted_content: z.string() })],
      'an agent message part',
    ),
  ),
  ...common,
});
/** Tools added mid-thread (persisted by one era of Codex only). */
export const AdditionalToolsItemSchema = z.looseObject({
  type: z.literal('additional_tools'),
  role: z.string(),
  tools: z.array(z.unknown()),
  ...common,
});
export const ConfigurationUpdateItemSchema = z.looseObject({
  type: z.literal('configuration_update'),
  reasoning: JsonObjectSchema,
  ...common,
});
/** Legacy undo snapshot (2025 to early 2026); newer Codex drops these on read. */
export const GhostSnapshotItemSchema = z.looseObject({ type: z.literal('ghost_snapshot'), ghost_commit: z.unknown() });

export const KNOWN_RESPONSE_ITEM_SCHEMAS = {
  message: MessageItemSchema,
  reasoning: ReasoningItemSchema,
  function_call: FunctionCallItemSchema,
  function_call_output: FunctionCallOutputItemSchema,
  custom_tool_call: CustomToolCallItemSchema,
  custom_tool_call_output: CustomToolCallOutputItemSchema,
  local_shell_call: LocalShellCallItemSchema,
  web_search_call: WebSearchCallItemSchema,
  tool_search_call: ToolSearchCallItemSchema,
  tool_search_output: ToolSearchOutputItemSchema,
  image_generation_call: ImageGenerationCallItemSchema,
  compaction: CompactionItemSchema,
  compaction_summary: CompactionItemSchema,
  context_compaction: ContextCompactionItemSchema,
  agent_message: AgentMessageItemSchema,
  additional_tools: AdditionalToolsItemSchema,
  configuration_update: ConfigurationUpdateItemSchema,
  ghost_snapshot: GhostSnapshotItemSchema,
} as const;

export type MessageItem = z.infer<typeof MessageItemSchema>;
export type ReasoningItem = z.infer<typeof ReasoningItemSchema>;
export type FunctionCallItem = z.infer<typeof FunctionCallItemSchema>;
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItemSchema>;
export type CustomToolCallItem = z.infer<typeof CustomToolCallItemSchema>;
export type CustomToolCallOutputItem = z.infer<typeof CustomToolCallOutputItemSchema>;
export type LocalShellCallItem = z.infer<typeof LocalShellCallItemSchema>;
export type WebSearchCallItem = z.infer<typeof WebSearchCallItemSchema>;
export type ToolSearchCallItem = z.infer<typeof ToolSearchCallItemSchema>;
export type ToolSearchOutputItem = z.infer<typeof ToolSearchOutputItemSchema>;
export type ImageGenerationCallItem = z.infer<typeof ImageGenerationCallItemSchema>;
export type CompactionItem = z.infer<typeof CompactionItemSchema>;
export type ContextCompactionItem = z.infer<typeof ContextCompactionItemSchema>;
export type AgentMessageItem = z.infer<typeof AgentMessageItemSchema>;
export type AdditionalToolsItem = z.infer<typeof AdditionalToolsItemSchema>;
export type ConfigurationUpdateItem = z.infer<typeof ConfigurationUpdateItemSchema>;
export type GhostSnapshotItem = z.infer<typeof GhostSnapshotItemSchema>;

/** A response item of a type this version does not know; kept verbatim. */
export type OtherResponseItem = OpenRecord;

export type KnownResponseItem = {
  [K in keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS]: z.infer<(typeof KNOWN_RESPONSE_ITEM_SCHEMAS)[K]>;
}[keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS];

/** A model-visible history item. Unknown types validate as {@link OtherResponseItem}. */
export type ResponseItem = KnownResponseItem | OtherResponseItem;

/** Validates a response item: known types against their schema, unknown types as opaque objects. */
export const ResponseItemSchema = documented(
  openTaggedUnion(
    [...new Set(Object.values(KNOWN_RESPONSE_ITEM_SCHEMAS))] as unknown as [
      (typeof KNOWN_RESPONSE_ITEM_SCHEMAS)[keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS],
    ],
    'a response item',
  ),
  { id: 'ResponseItem', description: 'A model-visible history item, tagged by `type`.' },
) as unknown as z.ZodType<ResponseItem>;

/** Narrows a response item to one known type. */
export function isResponseItemOfType<T extends keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS>(
  item: { type: string } | undefined | null,
  type: T,
): item is z.infer<(typeof KNOWN_RESPONSE_ITEM_SCHEMAS)[T]> {
  return !!item && item.type === type;
}
