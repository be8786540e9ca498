import { describe, expect, it } from 'vitest';
import { storedFieldsForNewThread } from './new-thread-fields';
import { parseCreateThreadParams } from './parse-params';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';

describe('a new thread’s stored fields', () => {
  it('are the facts of its create params, at its creation time, with nothing observed', () => {
    const source = { subagent: { thread_spawn: { parent_thread_id: ID, depth: 1, agent_nickname: 'Scout' } } };
    const params = parseCreateThreadParams({
      threadId: ID,
      source,
      cwd: '/work',
      originator: 'app',
      cliVersion: '1.0.0',
      modelProvider: 'openai',
      git: { branch: 'main' },
    });
    const createdAt = new Date('2026-01-02T03:04:05.006Z');
    const fields = storedFieldsForNewThread(params, createdAt);
    expect(fields).toMatchObject({
      threadId: ID,
      preview: '',
      createdAt,
      updatedAt: createdAt,
      recencyAt: createdAt,
      archivedAt: null,
      agentNickname: 'Scout',
      gitInfo: { commitHash: null, branch: 'main', repositoryUrl: null },
      model: null,
      tokenUsage: null,
      memoryMode: 'enabled',
    });
    // Detached from the params: a caller changing them later changes nothing stored.
    expect(fields.source).toEqual(source);
    expect(fields.source).not.toBe(params.source);
    expect(fields.createdAt).not.toBe(createdAt);
  });
});
