import type { ResponseItem } from '@threadkit/protocol';

/**
 * True for the result of a tool the model called (`function_call_output`,
 * `custom_tool_call_output`, `tool_search_output`, ...). Results belong to the step whose
 * call produced them; anything else the model emits starts or continues a sampling step.
 */
export function isToolResult(item: ResponseItem): boolean {
  return typeof item.type === 'string' && item.type.endsWith('_output');
}

/** The text of an assistant message, or undefined for anything else. */
export function assistantText(item: ResponseItem): string | undefined {
  if (item.type !== 'message' || item.role !== 'assistant' || !Array.isArray(item.content)) return undefined;
  const texts: string[] = [];
  for (const part of item.content as Array<{ type?: unknown; text?: unknown }>) {
    if (part.type === 'output_text' && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.length > 0 ? texts.join('') : undefined;
}
