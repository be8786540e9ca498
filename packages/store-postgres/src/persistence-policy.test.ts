import type { RolloutItem, UnknownRolloutItem } from '@threadkit/protocol';
import { describe, expect, it } from 'vitest';
import { isPersistedItem, OMITTED_INLINE_IMAGE, persistedRolloutItems } from './persistence-policy';

const event = (type: string, extra: Record<string, unknown> = {}) => ({ type: 'event_msg', payload: { type, ...extra } }) as RolloutItem;
const response = (type: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'response_item', payload: { type, ...extra } }) as RolloutItem;

describe('persistence policy (legacy history mode)', () => {
  it('keeps the records Codex keeps', () => {
    const kept: Array<RolloutItem | UnknownRolloutItem> = [
      { type: 'session_meta', payload: { id: 'x', timestamp: 't' } } as RolloutItem,
      { type: 'turn_context', payload: { cwd: '/', model: 'm' } } as RolloutItem,
      { type: 'compacted', payload: { message: 's' } } as RolloutItem,
      { type: 'world_state', payload: { full: true, state: {} } } as RolloutItem,
      { type: 'inter_agent_communication_metadata', payload: { trigger_turn: true } } as RolloutItem,
      response('message', { role: 'user', content: [] }),
      response('reasoning'),
      response('function_call'),
      response('function_call_output'),
      response('custom_tool_call'),
      response('web_search_call'),
      response('compaction'),
      event('user_message', { message: 'hi' }),
      event('agent_message', { message: 'hello' }),
      event('agent_reasoning', { text: 'r' }),
      event('token_count'),
      event('task_started'),
      event('task_complete'),
      event('turn_aborted'),
      event('thread_rolled_back', { num_turns: 1 }),
      event('thread_goal_updated'),
      event('patch_apply_end'),
      event('sub_agent_activity', { kind: 'started' }),
      event('item_completed', { item: { type: 'Plan' } }),
      { type: 'some_future_kind', payload: { any: 1 } },
    ];
    expect(persistedRolloutItems(kept)).toEqual(kept);
  });

  it('drops deltas, begin events, approvals, noise and unknown response items', () => {
    const dropped = [
      event('agent_message_delta'),
      event('exec_command_begin'),
      event('exec_command_output_delta'),
      event('exec_command_end'),
      event('exec_approval_request'),
      event('apply_patch_approval_request'),
      event('mcp_tool_call_begin'),
      event('session_configured'),
      event('error', { message: 'x' }),
      event('warning'),
      event('stream_error'),
      event('plan_update'),
      event('sub_agent_activity', { kind: 'completed' }),
      event('item_completed', { item: { type: 'AgentMessage' } }),
      event('a_future_event'),
      response('ghost_snapshot'),
      response('additional_tools'),
      response('compaction_trigger'),
      response('a_future_response_item'),
      { type: 'realtime_item', payload: {} } as RolloutItem,
    ];
    expect(persistedRolloutItems(dropped)).toEqual([]);
  });

  it('keeps the conversation mirror only in legacy mode', () => {
    expect(isPersistedItem(event('user_message', { message: 'hi' }), 'paginated')).toBe(false);
    expect(isPersistedItem(event('item_completed', { item: { type: 'AgentMessage' } }), 'paginated')).toBe(true);
    expect(isPersistedItem({ type: 'realtime_item', payload: {} } as RolloutItem, 'paginated')).toBe(true);
  });

  it('sanitizes without mutating its input', () => {
    const image = response('image_generation_call', { result: 'aGVsbG8=', status: 'completed' });
    const output = response('function_call_output', {
      call_id: 'c',
      output: [
        { type: 'input_text', text: 'see' },
        { type: 'input_image', image_url: 'data:image/png;base64,AAAA' },
        { type: 'input_image', image_url: 'https://example.com/a.png' },
      ],
    });
    const before = JSON.stringify([image, output]);
    const [cleanImage, cleanOutput] = persistedRolloutItems([image, output]);
    expect(JSON.stringify([image, output])).toBe(before);
    expect((cleanImage!.payload as { result: string }).result).toBe('');
    expect((cleanOutput!.payload as { output: unknown[] }).output).toEqual([
      { type: 'input_text', text: 'see' },
      { type: 'input_text', text: OMITTED_INLINE_IMAGE },
      { type: 'input_image', image_url: 'https://example.com/a.png' },
    ]);
  });
});
