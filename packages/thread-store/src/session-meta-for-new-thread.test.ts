import { describe, expect, it } from 'vitest';
import { parseCreateThreadParams } from './parse-params';
import { sessionMetaForNewThread } from './session-meta-for-new-thread';

const ROOT = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const CHILD = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e56';

describe('sessionMetaForNewThread', () => {
  it('writes the session_meta Codex writes, in its field order, legacy mode', () => {
    const params = parseCreateThreadParams({
      threadId: CHILD,
      sessionId: ROOT,
      parentThreadId: ROOT,
      source: {
        subagent: {
          thread_spawn: { parent_thread_id: ROOT, depth: 1, agent_nickname: 'scout', agent_role: 'explorer' },
        },
      },
      threadSource: 'subagent',
      cwd: '/work/app',
      originator: 'codex_cli_rs',
      cliVersion: '0.144.3',
      modelProvider: 'openai',
      baseInstructions: { text: 'Be brief.' },
      git: { commitHash: 'abc123', branch: null, repositoryUrl: 'https://example.com/app.git' },
      memoryMode: 'disabled',
    });
    const item = sessionMetaForNewThread(params, new Date('2026-06-01T10:00:00.123Z'));
    expect(item.type).toBe('session_meta');
    const payload = item.payload as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual([
      'session_id',
      'id',
      'parent_thread_id',
      'timestamp',
      'cwd',
      'originator',
      'cli_version',
      'source',
      'thread_source',
      'agent_nickname',
      'agent_role',
      'model_provider',
      'base_instructions',
      'memory_mode',
      'history_mode',
      'git',
    ]);
    expect(payload).toMatchObject({
      session_id: ROOT,
      id: CHILD,
      timestamp: '2026-06-01T10:00:00.123Z',
      agent_nickname: 'scout',
      agent_role: 'explorer',
      memory_mode: 'disabled',
      history_mode: 'legacy',
      git: { commit_hash: 'abc123', repository_url: 'https://example.com/app.git' },
    });
  });

  it('omits what Codex omits: memory mode when enabled, empty git, absent ids; explicit agent fields win', () => {
    const params = parseCreateThreadParams({
      threadId: ROOT,
      source: 'cli',
      cwd: '/w',
      originator: 'o',
      cliVersion: '1',
      modelProvider: 'p',
      agentNickname: 'named',
      git: { commitHash: null },
    });
    const payload = sessionMetaForNewThread(params, new Date(0)).payload as Record<string, unknown>;
    expect(payload.session_id).toBe(ROOT);
    expect(payload.agent_nickname).toBe('named');
    for (const absent of [
      'memory_mode',
      'git',
      'forked_from_id',
      'parent_thread_id',
      'thread_source',
      'dynamic_tools',
    ]) {
      expect(payload).not.toHaveProperty(absent);
    }
  });
});
