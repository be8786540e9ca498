/**
 * One valid payload for every typed kind, shaped after the reference notes
 * on Codex's format (the fixtures cover only what `codex exec` writes).
 */
import type { RolloutItemType } from '../rollout-line';

const THREAD = '01a1fda6-3016-7e11-b5da-00b3fda9dd8f';
const usage = {
  input_tokens: 102,
  cached_input_tokens: 0,
  output_tokens: 20,
  reasoning_output_tokens: 0,
  total_tokens: 122,
};

export const SAMPLE_RESPONSE_ITEMS: Record<string, Record<string, unknown>> = {
  message: {
    type: 'message',
    role: 'assistant',
    content: [
      { type: 'output_text', text: 'done', annotations: [] },
      { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'original' },
      { type: 'input_audio', audio_url: 'https://example.invalid/a.wav' },
      { type: 'refusal_v9', reason: 'kept as an opaque part' },
    ],
    phase: 'final_answer',
    id: 'msg_1',
  },
  reasoning: {
    type: 'reasoning',
    id: 'rs_1',
    summary: [{ type: 'summary_text', text: 'thinking' }],
    content: null,
    encrypted_content: 'gAAAA',
  },
  function_call: {
    type: 'function_call',
    name: 'exec_command',
    arguments: '{"cmd":"ls"}',
    call_id: 'call_1',
    namespace: 'shell',
  },
  function_call_output: {
    type: 'function_call_output',
    call_id: 'call_1',
    output: [
      { type: 'input_text', text: 'ok' },
      { type: 'input_image', image_url: 'data:image/png;base64,AAAA' },
      { type: 'encrypted_content', encrypted_content: 'e30=' },
    ],
  },
  custom_tool_call: {
    type: 'custom_tool_call',
    status: 'completed',
    call_id: 'call_2',
    name: 'apply_patch',
    input: '*** Begin Patch\n*** End Patch\n',
  },
  custom_tool_call_output: {
    type: 'custom_tool_call_output',
    call_id: 'call_2',
    output: '{"output":"Success.","metadata":{"exit_code":0,"duration_seconds":0.0}}',
  },
  local_shell_call: {
    type: 'local_shell_call',
    call_id: null,
    status: 'completed',
    action: { type: 'exec', command: ['ls', '-la'], timeout_ms: null, working_directory: '/tmp', env: { A: 'b' } },
  },
  web_search_call: {
    type: 'web_search_call',
    status: 'completed',
    action: { type: 'search', query: 'codex', queries: ['codex', 'rollout'] },
  },
  tool_search_call: { type: 'tool_search_call', call_id: 'ts_1', execution: 'server', arguments: { q: 'git' } },
  tool_search_output: { type: 'tool_search_output', call_id: null, status: 'completed', execution: 'server', tools: [] },
  image_generation_call: { type: 'image_generation_call', id: 'ig_1', status: 'completed', result: '' },
  compaction: { type: 'compaction', encrypted_content: 'enc' },
  compaction_summary: { type: 'compaction_summary', encrypted_content: 'enc' },
  context_compaction: { type: 'context_compaction' },
  agent_message: {
    type: 'agent_message',
    author: '/root/reviewer',
    recipient: '/root',
    content: [
      { type: 'input_text', text: 'findings attached' },
      { type: 'encrypted_content', encrypted_content: 'zzz' },
    ],
  },
  additional_tools: { type: 'additional_tools', role: 'developer', tools: [{ name: 'x' }] },
  configuration_update: { type: 'configuration_update', reasoning: { effort: 'high' } },
  ghost_snapshot: { type: 'ghost_snapshot', ghost_commit: { id: 'abc', parent: null } },
};

export const SAMPLE_EVENTS: Record<string, Record<string, unknown>> = {
  user_message: { type: 'user_message', message: 'hello', images: [], local_images: [], text_elements: [] },
  agent_message: { type: 'agent_message', message: 'hi', phase: null, memory_citation: null },
  agent_reasoning: { type: 'agent_reasoning', text: 'pondering' },
  agent_reasoning_raw_content: { type: 'agent_reasoning_raw_content', text: 'raw' },
  token_count: {
    type: 'token_count',
    info: { total_token_usage: usage, last_token_usage: usage, model_context_window: 258400 },
    rate_limits: {
      limit_id: 'codex',
      primary: { used_percent: 12.5, window_minutes: 300, resets_at: 1795256889 },
      secondary: { used_percent: 1, resets_in_seconds: 3600 },
      credits: { has_credits: true, unlimited: false, balance: '10' },
      plan_type: 'pro',
    },
  },
  task_started: { type: 'task_started', turn_id: 't1', started_at: 1795256889, model_context_window: null },
  turn_started: { type: 'turn_started', turn_id: 't1' },
  task_complete: {
    type: 'task_complete',
    turn_id: 't1',
    last_agent_message: null,
    completed_at: 1795256890,
    duration_ms: 66,
    error: { message: 'boom', codex_error_info: { http_connection_failed: { http_status_code: 502 } } },
  },
  turn_complete: { type: 'turn_complete', turn_id: 't1', last_agent_message: 'done' },
  turn_aborted: { type: 'turn_aborted', turn_id: null, reason: 'interrupted' },
  thread_rolled_back: { type: 'thread_rolled_back', num_turns: 2 },
  context_compacted: { type: 'context_compacted' },
  thread_goal_updated: {
    type: 'thread_goal_updated',
    threadId: THREAD,
    goal: { threadId: THREAD, objective: 'ship it', status: 'active', tokensUsed: 0, timeUsedSeconds: 0 },
  },
  thread_name_updated: { type: 'thread_name_updated', thread_id: THREAD, thread_name: 'Plans' },
  entered_review_mode: { type: 'entered_review_mode', target: { type: 'baseBranch', branch: 'main' } },
  exited_review_mode: {
    type: 'exited_review_mode',
    review_output: {
      findings: [
        {
          title: 'Off by one',
          body: 'index starts at 1',
          confidence_score: 0.8,
          priority: 1,
          code_location: { absolute_file_path: '/w/a.ts', line_range: { start: 3, end: 4 } },
        },
      ],
      overall_correctness: 'patch is incorrect',
      overall_explanation: 'see finding',
      overall_confidence_score: 0.7,
    },
  },
  patch_apply_end: {
    type: 'patch_apply_end',
    call_id: 'c1',
    turn_id: 't1',
    stdout: 'Success.',
    stderr: '',
    success: true,
    changes: {
      '/w/a.ts': { type: 'update', unified_diff: '@@ -1 +1 @@', move_path: null },
      '/w/b.ts': { type: 'add', content: 'x' },
    },
    status: 'completed',
  },
  mcp_tool_call_end: {
    type: 'mcp_tool_call_end',
    call_id: 'c2',
    invocation: { server: 'docs', tool: 'search', arguments: { q: 'x' } },
    duration: { secs: 0, nanos: 5000 },
    result: { Ok: { content: [] } },
  },
  web_search_end: { type: 'web_search_end', call_id: 'c3', query: 'codex', action: { type: 'open_page', url: 'https://x.invalid' } },
  image_generation_end: { type: 'image_generation_end', call_id: 'c4', status: 'completed', result: '' },
  item_completed: {
    type: 'item_completed',
    thread_id: THREAD,
    turn_id: 't1',
    item: { type: 'UserMessage', id: 'u1', content: [{ type: 'text', text: 'hello', text_elements: [] }] },
    completed_at_ms: 1795256831740,
  },
  sub_agent_activity: {
    type: 'sub_agent_activity',
    event_id: 'e1',
    agent_thread_id: THREAD,
    agent_path: '/root/worker',
    kind: 'completed',
  },
  thread_settings_applied: {
    type: 'thread_settings_applied',
    thread_id: THREAD,
    thread_settings: { model: 'gpt-5', model_provider_id: 'openai', approval_policy: 'never', cwd: '/w' },
  },
  exec_command_end: {
    type: 'exec_command_end',
    call_id: 'c5',
    command: ['ls'],
    cwd: '/w',
    source: 'agent',
    aggregated_output: 'a\n',
    exit_code: 0,
    duration: { secs: 1, nanos: 0 },
    status: 'completed',
  },
  error: { type: 'error', message: 'overloaded', codex_error_info: 'server_overloaded' },
};

/** A valid payload per line kind (response_item and event_msg have one per item above). */
export const SAMPLE_PAYLOADS: Record<RolloutItemType, Record<string, unknown>> = {
  session_meta: {
    session_id: THREAD,
    id: THREAD,
    timestamp: '2026-11-21T10:28:09.370Z',
    cwd: '/w',
    originator: 'codex-tui',
    cli_version: '0.144.3',
    source: { subagent: { thread_spawn: { parent_thread_id: THREAD, depth: 1, agent_role: 'reviewer' } } },
    thread_source: 'subagent',
    model_provider: 'openai',
    base_instructions: { text: 'You are Codex', provenance: { type: 'custom' } },
    history_mode: 'legacy',
    git: { commit_hash: 'abc', branch: 'main', repository_url: 'https://example.invalid/r.git' },
  },
  response_item: SAMPLE_RESPONSE_ITEMS.message!,
  event_msg: SAMPLE_EVENTS.user_message!,
  turn_context: {
    turn_id: 't1',
    cwd: '/w',
    approval_policy: { granular: { sandbox_approval: true, rules: false, mcp_elicitations: true } },
    sandbox_policy: { type: 'workspace-write', writable_roots: ['/w'], network_access: false },
    permission_profile: { type: 'disabled' },
    model: 'gpt-5',
    effort: 'xhigh',
    summary: 'auto',
    truncation_policy: { mode: 'tokens', limit: 10000 },
  },
  compacted: {
    message: 'summary',
    replacement_history: [SAMPLE_RESPONSE_ITEMS.message, SAMPLE_RESPONSE_ITEMS.ghost_snapshot],
    window_id: 3,
  },
  world_state: { full: true, state: { agents_md: {}, environments: { current_date: '2026-11-21' } } },
  inter_agent_communication: {
    author: '/root',
    recipient: '/root/worker',
    other_recipients: [],
    content: 'go',
    trigger_turn: true,
  },
  inter_agent_communication_metadata: { trigger_turn: false },
  token_usage_record: { thread_id: THREAD, turn_id: 't1', response_id: 'resp_1', usage, thread_token_usage: usage },
  retained_context: { kind: 'anything' },
  security_risk_score: { score: 0.1 },
  realtime_item: { item: {} },
};
