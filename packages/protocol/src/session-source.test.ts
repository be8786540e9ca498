import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION_SOURCE,
  INTERACTIVE_SESSION_SOURCES,
  sameSessionSource,
  SessionSourceSchema,
  sessionSourceFromLabel,
  sessionSourceKind,
  sessionSourceLabel,
} from './session-source';

const PARENT = '01a1fda6-3016-7e11-b5da-00b3fda9dd8f';
const threadSpawn = {
  subagent: { thread_spawn: { parent_thread_id: PARENT, depth: 1, agent_nickname: 'Ada', agent_role: 'reviewer' } },
};

describe('SessionSource', () => {
  it('classifies every form Codex writes', () => {
    const cases: [unknown, string, string][] = [
      ['cli', 'cli', 'cli'],
      ['vscode', 'vscode', 'vscode'],
      ['exec', 'exec', 'exec'],
      ['mcp', 'mcp', 'mcp'],
      ['unknown', 'unknown', 'unknown'],
      [{ custom: 'atlas' }, 'custom', 'atlas'],
      [{ internal: 'memory_consolidation' }, 'internal', 'internal_memory_consolidation'],
      [{ internal: 'guardian' }, 'internal', 'internal_guardian'],
      [{ subagent: 'review' }, 'subagent', 'subagent_review'],
      [{ subagent: 'compact' }, 'subagent', 'subagent_compact'],
      [{ subagent: 'memory_consolidation' }, 'subagent', 'subagent_memory_consolidation'],
      [{ subagent: { other: 'scout' } }, 'subagent', 'subagent_other'],
      [threadSpawn, 'subagent', 'subagent_thread_spawn'],
    ];
    for (const [source, kind, label] of cases) {
      expect(sessionSourceKind(source), JSON.stringify(source)).toBe(kind);
      expect(sessionSourceLabel(source), JSON.stringify(source)).toBe(label);
      expect(SessionSourceSchema.safeParse(source).success).toBe(true);
    }
  });

  it('treats an absent source as vscode, the serde default', () => {
    expect(sessionSourceKind(undefined)).toBe('vscode');
    expect(DEFAULT_SESSION_SOURCE).toBe('vscode');
    expect(sameSessionSource(undefined, 'vscode')).toBe(true);
  });

  it('classifies unknown strings and objects as unknown but keeps the value valid and intact', () => {
    const unknownForms: unknown[] = [
      'appServer',
      'CLI',
      '',
      { future: { detail: 1 } },
      { custom: 'atlas', extra: true },
      { custom: 7 },
      { subagent: 3 },
      {},
    ];
    for (const source of unknownForms) {
      expect(sessionSourceKind(source), JSON.stringify(source)).toBe('unknown');
      const parsed = SessionSourceSchema.safeParse(source);
      expect(parsed.success, JSON.stringify(source)).toBe(true);
      expect(parsed.data).toEqual(source);
    }
  });

  it('rejects values that are neither strings nor objects', () => {
    for (const source of [3, true, null, ['cli']]) expect(SessionSourceSchema.safeParse(source).success).toBe(false);
  });

  it('compares sources structurally and knows the interactive picker set', () => {
    expect(sameSessionSource({ custom: 'atlas' }, { custom: 'atlas' })).toBe(true);
    expect(sameSessionSource({ custom: 'atlas' }, { custom: 'chatgpt' })).toBe(false);
    expect(INTERACTIVE_SESSION_SOURCES).toContainEqual({ custom: 'chatgpt' });
    expect(INTERACTIVE_SESSION_SOURCES.map(sessionSourceKind)).toEqual(['cli', 'vscode', 'custom', 'custom']);
  });

  it('turns labels back into sources where the label says enough', () => {
    expect(sessionSourceFromLabel('exec')).toBe('exec');
    expect(sessionSourceFromLabel('internal_guardian')).toEqual({ internal: 'guardian' });
    expect(sessionSourceFromLabel('subagent_review')).toEqual({ subagent: 'review' });
    expect(sessionSourceFromLabel('atlas')).toEqual({ custom: 'atlas' });
  });
});
