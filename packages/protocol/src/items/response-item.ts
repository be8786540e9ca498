import { z } from 'zod';

/** One content part of a message. Unknown part types are kept. */
export const ContentItemSchema = z.union([
  z.looseObject({ type: z.literal('input_text'), text: z.string() }),
  z.looseObject({ type: z.literal('output_text'), text: z.string() }),
  z.looseObject({ type: z.literal('input_image'), image_url: z.string().optional(), file_id: z.string().optional() }),
  z.looseObject({ type: z.literal('input_audio'), audio_url: z.string().optional() }),
  z.looseObject({ type: z.string() }),
]);
export type ContentItem = z.infer<typeof ContentItemSchema>;

/** Tool output: a string, an array of content parts, or the old `{content, success}` object. */
export const ToolOutputSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string() })),
  z.looseObject({ content: z.unknown(), success: z.boolean().nullish() }),
]);
export type ToolOutput = z.infer<typeof ToolOutputSchema>;

const common = {
  id: z.string().nullish(),
  status: z.string().nullish(),
};

export const MessageItemSchema = z.looseObject({
  type: z.literal('message'),
  role: z.string(),
  content: z.array(ContentItemSchema),
  phase: z.string().nullish(),
  ...common,
});
export const ReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).nullish(),
  encrypted_content: z.string().nullish(),
  ...common,
});
export const FunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  name: z.string(),
  namespace: z.string().nullish(),
  arguments: z.string(),
  call_id: z.string(),
  ...common,
});
export const FunctionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().optional(),
  name: z.string().nullish(),
  output: ToolOutputSchema,
  ...common,
});
export const CustomToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string(),
  name: z.string(),
  input: z.string(),
  ...common,
});
export const CustomToolCallOutputItemSchema = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  call_id: z.string().optional(),
  name: z.string().nullish(),
  output: ToolOutputSchema,
  ...common,
});
export const LocalShellCallItemSchema = z.looseObject({
  type: z.literal('local_shell_call'),
  call_id: z.string().nullish(),
  action: z.looseObject({ type: z.string(), command: z.array(z.string()).optional() }),
  ...common,
});
export const WebSearchCallItemSchema = z.looseObject({
  type: z.literal('web_search_call'),
  action: z.looseObject({ type: z.string() }).nullish(),
  ...common,
});
export const ToolSearchCallItemSchema = z.looseObject({ type: z.literal('tool_search_call'), ...common });
export const ToolSearchOutputItemSchema = z.looseObject({ type: z.literal('tool_search_output'), ...common });
export const ImageGenerationCallItemSchema = z.looseObject({
  type: z.literal('image_generation_call'),
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
export const AgentMessageItemSchema = z.looseObject({
  type: z.literal('agent_message'),
  author: z.string().optional(),
  recipient: z.string().optional(),
  content: z.array(z.looseObject({ type: z.string() })),
  ...common,
});
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
export type CompactionItem = z.infer<typeof CompactionItemSchema>;
export type ContextCompactionItem = z.infer<typeof ContextCompactionItemSchema>;
export type AgentMessageItem = z.infer<typeof AgentMessageItemSchema>;

/** A response item of a type this version does not know; kept verbatim. */
export type OtherResponseItem = { type: string; [key: string]: unknown };

export type KnownResponseItem = {
  [K in keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS]: z.infer<(typeof KNOWN_RESPONSE_ITEM_SCHEMAS)[K]>;
}[keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS];

/** A model-visible history item. Unknown types validate as {@link OtherResponseItem}. */
export type ResponseItem = KnownResponseItem | OtherResponseItem;

/** Validates a response item: known types against their schema, unknown types as opaque objects. */
export const ResponseItemSchema = z
  .looseObject({ type: z.string() })
  .superRefine((value, ctx) => {
    const schema = (KNOWN_RESPONSE_ITEM_SCHEMAS as Record<string, z.ZodType>)[value.type];
    if (!schema) return;
    const result = schema.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue } as never);
  }) as unknown as z.ZodType<ResponseItem>;

/** Narrows a response item to one known type. */
export function isResponseItemOfType<T extends keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS>(
  item: { type: string } | undefined | null,
  type: T,
): item is z.infer<(typeof KNOWN_RESPONSE_ITEM_SCHEMAS)[T]> {
  return !!item && item.type === type;
}
