import { describe, expect, it } from 'vitest';
import { SAMPLE_EVENTS } from '../testing/sample-payloads';
import { canonicalEventType, EventMsgSchema, isEventOfType, KNOWN_EVENT_SCHEMAS, TurnItemSchema } from './event-msg';

/**
 * One way to break each typed event (a required field missing or of the wrong
 * type). `context_compacted` has no fields, so nothing can break it.
 */
const BROKEN: Record<Exclude<keyof typeof KNOWN_EVENT_SCHEMAS, 'context_compacted'>, Record<string, unknown>> = {
  user_message: { type: 'user_message', message: ['hello'] },
  agent_message: { type: 'agent_message' },
  agent_reasoning: { type: 'agent_reasoning', text: null },
  agent_reasoning_raw_content: { type: 'agent_reasoning_raw_content' },
  token_count: { type: 'token_count', info: { total_token_usage: { input_tokens: '1' } } },
  task_started: { type: 'task_started', turn_id: 7 },
  turn_started: { type: 'turn_started', started_at: 'now' },
  task_complete: { type: 'task_complete', last_agent_message: 3 },
  turn_complete: { type: 'turn_complete', duration_ms: '66' },
  turn_aborted: { type: 'turn_aborted', turn_id: null },
  thread_rolled_back: { type: 'thread_rolled_back', num_turns: -1 },
  thread_goal_updated: { type: 'thread_goal_updated', goal: { objective: 42 } },
  thread_name_updated: { type: 'thread_name_updated', thread_name: 5 },
  entered_review_mode: { type: 'entered_review_mode', target: { type: 'baseBranch' } },
  exited_review_mode: { type: 'exited_review_mode', review_output: { findings: 'none' } },
  patch_apply_end: { type: 'patch_apply_end', call_id: 'c', stdout: '', stderr: '' },
  mcp_tool_call_end: { type: 'mcp_tool_call_end', call_id: 'c', invocation: { server: 's' } },
  web_search_end: { type: 'web_search_end', call_id: 'c' },
  image_generation_end: { type: 'image_generation_end', status: 'completed' },
  item_completed: { type: 'item_completed', item: { type: 'UserMessage', id: 'u', content: [{ type: 'text' }] } },
  sub_agent_activity: { type: 'sub_agent_activity', event_id: 'e', agent_thread_id: 't', kind: 'started' },
  thread_settings_applied: { type: 'thread_settings_applied', thread_settings: { model: 'm' } },
  exec_command_end: { type: 'exec_command_end', call_id: 'c', exit_code: '0' },
  error: { type: 'error' },
};

describe('event_msg payloads', () => {
  it('accepts a well-formed example of every typed kind', () => {
    for (const [type, event] of Object.entries(SAMPLE_EVENTS)) {
      expect(EventMsgSchema.safeParse(event).success, type).toBe(true);
    }
    expect(Object.keys(SAMPLE_EVENTS).sort()).toEqual(Object.keys(KNOWN_EVENT_SCHEMAS).sort());
  });

  it('rejects a malformed event of a typed kind', () => {
    for (const [type, event] of Object.entries(BROKEN)) {
      expect(EventMsgSchema.safeParse(event).success, type).toBe(false);
    }
    expect(Object.keys(BROKEN)).toHaveLength(Object.keys(KNOWN_EVENT_SCHEMAS).length - 1);
  });

  it('keeps every other event kind as an opaque record', () => {
    for (const type of ['exec_command_begin', 'plan_update', 'undo_completed', 'collab_waiting_end', 'brand_new']) {
      expect(EventMsgSchema.safeParse({ type, whatever: { nested: true } }).success, type).toBe(true);
    }
  });

  it('never fails on an unknown enum value', () => {
    const newer = [
      { type: 'sub_agent_activity', event_id: 'e', agent_thread_id: 't', agent_path: '/root/a', kind: 'paused' },
      { type: 'turn_aborted', turn_id: 't', reason: 'quota_exhausted' },
      { type: 'agent_message', message: 'x', phase: 'preamble' },
      { type: 'patch_apply_end', call_id: 'c', stdout: '', stderr: '', success: false, status: 'rolled_back' },
      { type: 'thread_goal_updated', goal: { objective: 'x', status: 'archived' } },
      { type: 'entered_review_mode', target: { type: 'pullRequest', number: 7 } },
      { type: 'item_completed', item: { type: 'Sleep', id: 's', seconds: 3 } },
    ];
    for (const event of newer) expect(EventMsgSchema.safeParse(event).success, event.type).toBe(true);
  });

  it('types the turn items that carry conversation text in paginated files', () => {
    const user = { type: 'UserMessage', id: 'u', content: [{ type: 'text', text: 'hi' }, { type: 'image', image_url: 'x' }] };
    const agent = { type: 'AgentMessage', id: 'msg_1', content: [{ type: 'Text', text: 'hello' }] };
    expect(TurnItemSchema.safeParse(user).success).toBe(true);
    expect(TurnItemSchema.safeParse(agent).success).toBe(true);
    expect(TurnItemSchema.safeParse({ ...agent, content: [{ type: 'Text' }] }).success).toBe(false);
    expect(TurnItemSchema.safeParse({ type: 'AgentMessage', content: [] }).success).toBe(false);
  });

  it('maps the read aliases of turn events to their canonical names', () => {
    expect(canonicalEventType('turn_started')).toBe('task_started');
    expect(canonicalEventType('turn_complete')).toBe('task_complete');
    expect(canonicalEventType('user_message')).toBe('user_message');
    expect(isEventOfType(SAMPLE_EVENTS.user_message as { type: string }, 'user_message')).toBe(true);
    expect(isEventOfType(SAMPLE_EVENTS.user_message as { type: string }, 'agent_message')).toBe(false);
  });
});
