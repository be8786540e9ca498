import { describe, expect, it } from 'vitest';
import { SAMPLE_RESPONSE_ITEMS } from '../testing/sample-payloads';
import {
  isContentItemOfType,
  isResponseItemOfType,
  KNOWN_RESPONSE_ITEM_SCHEMAS,
  ResponseItemSchema,
  ToolOutputSchema,
} from './response-item';

/** One way to break each known item (a required field missing or of the wrong type). */
const BROKEN: Record<keyof typeof KNOWN_RESPONSE_ITEM_SCHEMAS, Record<string, unknown>> = {
  message: { type: 'message', role: 'user', content: 'hello' },
  reasoning: { type: 'reasoning', summary: [{ type: 'summary_text', text: 1 }] },
  function_call: { type: 'function_call', name: 'f', arguments: { cmd: 'ls' }, call_id: 'c' },
  function_call_output: { type: 'function_call_output', call_id: 'c' },
  custom_tool_call: { type: 'custom_tool_call', call_id: 'c', name: 'apply_patch' },
  custom_tool_call_output: { type: 'custom_tool_call_output', call_id: 'c', output: 5 },
  local_shell_call: { type: 'local_shell_call', call_id: null, action: { type: 'exec', command: 'ls' } },
  web_search_call: { type: 'web_search_call', action: { query: 'x' } },
  tool_search_call: { type: 'tool_search_call', arguments: {} },
  tool_search_output: { type: 'tool_search_output', execution: 'server', tools: {} },
  image_generation_call: { type: 'image_generation_call', result: null },
  compaction: { type: 'compaction', encrypted_content: 5 },
  compaction_summary: { type: 'compaction_summary', encrypted_content: [] },
  context_compaction: { type: 'context_compaction', encrypted_content: {} },
  agent_message: { type: 'agent_message', content: [{ type: 'input_text' }] },
  additional_tools: { type: 'additional_tools', tools: [] },
  configuration_update: { type: 'configuration_update' },
  ghost_snapshot: { type: 'ghost_snapshot' },
};

describe('response_item payloads', () => {
  it('accepts a well-formed example of every known type', () => {
    for (const [type, item] of Object.entries(SAMPLE_RESPONSE_ITEMS)) {
      expect(ResponseItemSchema.safeParse(item).success, type).toBe(true);
    }
    expect(Object.keys(SAMPLE_RESPONSE_ITEMS).sort()).toEqual(Object.keys(KNOWN_RESPONSE_ITEM_SCHEMAS).sort());
  });

  it('rejects a malformed item of a known type', () => {
    for (const [type, item] of Object.entries(BROKEN)) {
      expect(ResponseItemSchema.safeParse(item).success, type).toBe(false);
    }
  });

  it('keeps items and content parts of unknown types, but not objects without a type', () => {
    expect(ResponseItemSchema.safeParse({ type: 'hologram', beam: [1] }).success).toBe(true);
    expect(ResponseItemSchema.safeParse({ role: 'user', content: [] }).success).toBe(false);
    const message = { type: 'message', role: 'critic', content: [{ type: 'input_video', url: 'x' }], phase: 'draft' };
    expect(ResponseItemSchema.safeParse(message).success).toBe(true);
  });

  it('accepts the three encodings of a tool output', () => {
    expect(ToolOutputSchema.safeParse('plain text').success).toBe(true);
    expect(ToolOutputSchema.safeParse([{ type: 'input_text', text: 'a' }, { type: 'input_file', id: 1 }]).success).toBe(
      true,
    );
    expect(ToolOutputSchema.safeParse({ content: 'old fork', success: true }).success).toBe(true);
    expect(ToolOutputSchema.safeParse([{ type: 'input_text', text: 1 }]).success).toBe(false);
    expect(ToolOutputSchema.safeParse({ success: true }).success).toBe(false);
  });

  it('narrows items and content parts by type', () => {
    const item = SAMPLE_RESPONSE_ITEMS.message as { type: string };
    expect(isResponseItemOfType(item, 'message')).toBe(true);
    expect(isResponseItemOfType(item, 'reasoning')).toBe(false);
    if (!isResponseItemOfType(item, 'message')) throw new Error('narrowing');
    const first = item.content[0]!;
    expect(isContentItemOfType(first, 'output_text') && first.text).toBe('done');
    expect(isContentItemOfType(first, 'input_text')).toBe(false);
    expect(isResponseItemOfType(null, 'message')).toBe(false);
  });
});
