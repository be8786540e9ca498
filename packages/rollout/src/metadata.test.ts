import type { RolloutItem } from '@threadkit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRolloutPath } from './find';
import { extractThreadMetadata, ThreadMetadataExtractor } from './metadata';
import { isInjectedContextMessage, userMessageEventPreview, userResponseItemPreview } from './preview';
import { readRolloutMetadata } from './read-metadata';
import { readRolloutFile } from './reader';
import { copyFixtureHome, type FixtureVersion, readExpected } from './testing/homes';

const ID = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e55';
const PARENT = '0190f6b2-7c1e-7a33-9d3e-2b8c4f1a0e56';
const meta = (extra: Record<string, unknown> = {}): RolloutItem =>
  ({ type: 'session_meta', payload: { id: ID, timestamp: '2026-01-02T03:04:05.678Z', cwd: '/w', source: 'cli', ...extra } }) as RolloutItem;
const event = (payload: Record<string, unknown>): RolloutItem => ({ type: 'event_msg', payload }) as RolloutItem;
const userItem = (text: string, extra: Record<string, unknown> = {}): RolloutItem =>
  ({ type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text }], ...extra } }) as RolloutItem;

describe.each(['0.142', '0.169'] as FixtureVersion[])('metadata of every Codex %s fixture thread', (version) => {
  const expected = readExpected(version);
  let home: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ home, cleanup } = copyFixtureHome(version));
  });
  afterAll(() => cleanup());

  it('matches what thread/read reported', async () => {
    for (const [id, reported] of Object.entries(expected.reads)) {
      const path = (await findRolloutPath(home, id, { includeArchived: true }))!;
      const file = await readRolloutFile(path);
      const metadata = extractThreadMetadata(file.lines)!;
      // Streaming the file gives the same answer as folding its lines.
      expect((await readRolloutMetadata(path)).metadata).toEqual(metadata);
      expect(metadata.threadId).toBe(id);
      expect(metadata.preview).toBe(reported.preview);
      expect(metadata.firstUserMessage).toBe(reported.preview);
      expect(metadata.cwd).toBe(reported.cwd);
      expect(metadata.modelProvider).toBe(reported.modelProvider);
      expect(metadata.cliVersion).toBe(reported.cliVersion);
      expect(metadata.forkedFromId ?? null).toBe(reported.forkedFromId);
      expect(metadata.model).toBe('mock-model');
      expect(metadata.historyMode).toBe(version === '0.142' ? 'legacy' : 'paginated');
      expect(metadata.tokenUsage?.totalTokens).toBeGreaterThan(0);
      expect(Math.floor(metadata.createdAt.getTime() / 1000)).toBe(reported.createdAt);
      if (version === '0.142') {
        // 0.142 appends git updates to the rollout as session_meta copies; 0.169 keeps them in its own database.
        expect(metadata.gitInfo?.commitHash ?? null).toBe(reported.gitInfo?.sha ?? null);
        expect(metadata.gitInfo?.branch ?? null).toBe(reported.gitInfo?.branch ?? null);
      }
    }
  });
});

describe('metadata extraction rules', () => {
  it('takes identity from the first session_meta of the thread, ignoring copied fork-parent metas', () => {
    const metadata = extractThreadMetadata([
      meta({ forked_from_id: PARENT, source: 'vscode', model_provider: 'openai', git: { commit_hash: 'aaa', branch: 'main' } }),
      { type: 'session_meta', payload: { id: PARENT, timestamp: '2020-01-01T00:00:00Z', cwd: '/parent', source: 'exec' } } as RolloutItem,
      event({ type: 'user_message', message: 'copied from parent' }),
    ])!;
    expect(metadata).toMatchObject({
      threadId: ID,
      forkedFromId: PARENT,
      cwd: '/w',
      source: 'vscode',
      modelProvider: 'openai',
      preview: 'copied from parent',
      gitInfo: { commitHash: 'aaa', branch: 'main' },
    });
    expect(metadata.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
  });

  it('takes memory mode from the last session_meta and git from the last one carrying git', () => {
    const metadata = extractThreadMetadata([
      meta({ git: { commit_hash: 'aaa' } }),
      meta({ git: { commit_hash: 'bbb', branch: 'dev', repository_url: 'https://x/y.git' } }),
      meta({ memory_mode: 'disabled' }),
    ])!;
    expect(metadata.memoryMode).toBe('disabled');
    expect(metadata.gitInfo).toEqual({ commitHash: 'bbb', branch: 'dev', repositoryUrl: 'https://x/y.git' });
    expect(extractThreadMetadata([meta({ memory_mode: 'disabled' }), meta({ git: {} })])).toMatchObject({
      memoryMode: undefined,
      gitInfo: undefined,
    });
  });

  it('derives the preview from the request marker, images and goals', () => {
    expect(userMessageEventPreview({ type: 'user_message', message: 'ctx\n## My request for Codex:\n  fix it \n' })).toBe('fix it');
    expect(userMessageEventPreview({ type: 'user_message', message: '  ', images: ['data:x'] })).toBe('[Image]');
    expect(userMessageEventPreview({ type: 'user_message', message: '  ', images: [] })).toBeUndefined();

    const goalFirst = extractThreadMetadata([
      meta(),
      event({ type: 'thread_goal_updated', goal: { objective: '  ship it  ' } }),
      event({ type: 'user_message', message: 'hello' }),
    ])!;
    expect(goalFirst.preview).toBe('ship it');
    expect(goalFirst.firstUserMessage).toBe('hello');
    const emptyFirst = extractThreadMetadata([meta(), event({ type: 'user_message', message: '' }), event({ type: 'user_message', message: 'b' })]);
    expect(emptyFirst?.preview).toBe('b');
  });

  it('reads the preview of paginated files from real user response items only', () => {
    const items = [
      meta({ history_mode: 'paginated' }),
      { type: 'response_item', payload: { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] } } as RolloutItem,
      userItem('<environment_context>\n  <cwd>/w</cwd>\n</environment_context>'),
      userItem('# AGENTS.md instructions for /w\n...'),
      userItem('harness words', {
        internal_chat_message_metadata_passthrough: { content_item_metadata: [{ provenance: { type: 'harness' } }] },
      }),
      userItem('the real question'),
    ];
    expect(extractThreadMetadata(items)?.preview).toBe('the real question');
    // Legacy files take the preview from user_message events, never from response items.
    expect(extractThreadMetadata([meta(), ...items.slice(1)])?.preview).toBeUndefined();
    expect(userResponseItemPreview({ type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'x' }] })).toBe('[Image]');
    expect(isInjectedContextMessage({ type: 'message', role: 'user', content: [{ type: 'input_text', text: '<user_instructions>x' }] })).toBe(true);
  });

  it('uses the latest turn_context and the last token_count, and reports nothing without a session_meta', () => {
    const extractor = new ThreadMetadataExtractor();
    extractor.observeAll([
      meta(),
      { type: 'turn_context', payload: { cwd: '/w', model: 'm1', effort: 'low', approval_policy: 'never' } } as RolloutItem,
      event({ type: 'token_count', info: { total_token_usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } } }),
      { type: 'turn_context', payload: { cwd: '/w', model: 'm2', effort: 'high', approval_policy: 'on-request' } } as RolloutItem,
      event({ type: 'token_count', info: { total_token_usage: { input_tokens: 10, output_tokens: 20, total_tokens: 30 } } }),
      event({ type: 'token_count', info: null }),
    ]);
    expect(extractor.result()).toMatchObject({
      model: 'm2',
      reasoningEffort: 'high',
      approvalMode: 'on-request',
      tokenUsage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 20, reasoningOutputTokens: 0, totalTokens: 30 },
    });
    expect(extractThreadMetadata([event({ type: 'user_message', message: 'x' })])).toBeUndefined();
  });

  it('takes agent fields from a thread_spawn source', () => {
    const metadata = extractThreadMetadata([
      meta({
        source: { subagent: { thread_spawn: { parent_thread_id: PARENT, depth: 1, agent_nickname: 'Ada', agent_type: 'reviewer' } } },
      }),
    ]);
    expect(metadata).toMatchObject({ parentThreadId: PARENT, agentNickname: 'Ada', agentRole: 'reviewer' });
  });
});
