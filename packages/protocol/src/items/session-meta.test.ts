import { describe, expect, it } from 'vitest';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import {
  historyModeOf,
  SessionMetaSchema,
  sessionMetaAgentRole,
  sessionMetaMemoryMode,
  sessionMetaSessionId,
  sessionMetaSource,
} from './session-meta';

const ID = '01a1fda6-3016-7e11-b5da-00b3fda9dd8f';
const PARENT = '01a1fda5-4d6a-72b0-a49e-a2a4fbee176f';
const minimal = { id: ID, timestamp: '2026-11-21T10:28:09.370Z' };

describe('session_meta payload', () => {
  it('accepts every field Codex has written, old and new', () => {
    const everything = {
      creator_user_id: 'user-1',
      creator_account_id: 'acct-1',
      session_id: PARENT,
      id: ID,
      forked_from_id: PARENT,
      forked_from_ordinal_exclusive: 12,
      parent_thread_id: PARENT,
      timestamp: '2026-11-21T10:28:09.370Z',
      cwd: '/w',
      runtime_workspace_roots: ['/w'],
      originator: 'codex_vscode',
      cli_version: '0.169.0',
      source: { subagent: { thread_spawn: { parent_thread_id: PARENT, depth: 1, agent_path: null } } },
      thread_source: 'subagent',
      agent_nickname: 'Ada',
      agent_role: 'reviewer',
      agent_path: '/root/reviewer',
      model_provider: 'openai',
      base_instructions: { text: 'You are Codex', provenance: { type: 'model', model: 'gpt-5' } },
      dynamic_tools: [{ namespace: 'x', name: 'y', description: 'z', inputSchema: {} }],
      selected_capability_roots: [{ path: '/w' }],
      memory_mode: 'disabled',
      history_mode: 'paginated',
      history_base: { thread_id: PARENT, end_ordinal_exclusive: 40, end_byte_offset: 9000 },
      subagent_history_start_ordinal: 40,
      multi_agent_version: 'v2',
      context_window: { window_id: '01a1fda5-4d6d-7b42-93fc-5c91f5ee2713' },
      instructions: null,
      git: { commit_hash: 'abc', branch: 'main', repository_url: 'https://example.invalid/r.git' },
      account_scoped: true,
    };
    const parsed = SessionMetaSchema.safeParse(everything);
    expect(parsed.success).toBe(true);
    expect(SessionMetaSchema.safeParse(SAMPLE_PAYLOADS.session_meta).success).toBe(true);
    // Oldest envelope era: no session_id, instructions null, model_provider null.
    expect(SessionMetaSchema.safeParse({ ...minimal, instructions: null, model_provider: null, source: 'cli' }).success).toBe(
      true,
    );
  });

  it('keeps unknown values of enum-like fields instead of failing the line', () => {
    const future = {
      ...minimal,
      history_mode: 'segmented',
      memory_mode: 'read_only',
      multi_agent_version: 'v3',
      thread_source: 'automation',
      source: { future: { anything: 1 } },
    };
    expect(SessionMetaSchema.safeParse(future).success).toBe(true);
  });

  it('requires ids to be UUIDs, as Codex does', () => {
    for (const field of ['id', 'session_id', 'forked_from_id', 'parent_thread_id']) {
      expect(SessionMetaSchema.safeParse({ ...minimal, [field]: '../../etc' }).success, field).toBe(false);
    }
    expect(SessionMetaSchema.safeParse({ timestamp: minimal.timestamp }).success).toBe(false);
    expect(SessionMetaSchema.safeParse({ ...minimal, timestamp: 1795256889 }).success).toBe(false);
  });

  it('rejects wrong types in typed fields', () => {
    for (const [field, value] of [
      ['cwd', 7],
      ['git', 'main'],
      ['base_instructions', { provenance: {} }],
      ['source', 3],
      ['forked_from_ordinal_exclusive', -1],
      ['history_mode', null],
    ] as const) {
      expect(SessionMetaSchema.safeParse({ ...minimal, [field]: value }).success, field).toBe(false);
    }
  });
});

describe('session_meta accessors', () => {
  it('reads the agent role from agent_role or its alias agent_type', () => {
    expect(sessionMetaAgentRole({ agent_role: 'reviewer', agent_type: 'worker' })).toBe('reviewer');
    expect(sessionMetaAgentRole({ agent_type: 'worker' })).toBe('worker');
    expect(sessionMetaAgentRole({ agent_role: null, agent_type: 'worker' })).toBe('worker');
    expect(sessionMetaAgentRole({})).toBeUndefined();
  });

  it('defaults session id, source and memory mode the way Codex reads them', () => {
    expect(sessionMetaSessionId({ id: ID })).toBe(ID);
    expect(sessionMetaSessionId({ id: ID, session_id: PARENT })).toBe(PARENT);
    expect(sessionMetaSource({})).toBe('vscode');
    expect(sessionMetaSource({ source: { custom: 'atlas' } })).toEqual({ custom: 'atlas' });
    expect(sessionMetaMemoryMode({})).toBe('enabled');
    expect(sessionMetaMemoryMode({ memory_mode: 'disabled' })).toBe('disabled');
  });

  it('reads the history mode: absent is legacy, an unknown value is reported', () => {
    expect(historyModeOf({})).toEqual({ ok: true, mode: 'legacy' });
    expect(historyModeOf({ history_mode: 'legacy' })).toEqual({ ok: true, mode: 'legacy' });
    expect(historyModeOf({ history_mode: 'paginated' })).toEqual({ ok: true, mode: 'paginated' });
    expect(historyModeOf({ history_mode: 'segmented' })).toEqual({
      ok: false,
      value: 'segmented',
      message: 'unknown history mode "segmented"',
    });
  });
});
