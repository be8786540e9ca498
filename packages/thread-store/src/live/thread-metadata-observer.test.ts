import type { ThreadId } from '@threadkit/protocol';
import { describe, expect, it } from 'vitest';
import { affectsMetadata, hasMetadataFacts, startsTurn, ThreadMetadataObserver } from './thread-metadata-observer';
import {
  agentMessage,
  goalUpdated,
  OTHER_THREAD_ID,
  sessionMeta,
  THREAD_ID,
  tokenCount,
  turnContext,
  turnStarted,
  userMessage,
} from './testing/items';

const observer = (seen: { cwd?: boolean } = {}) => new ThreadMetadataObserver(THREAD_ID as ThreadId, seen);

describe('ThreadMetadataObserver: session_meta', () => {
  it("takes the identity facts of the thread's own session_meta", () => {
    const patch = observer().observe([
      sessionMeta({
        thread_source: 'automation',
        agent_nickname: 'scout',
        git: { commit_hash: 'abc123', branch: 'main' },
        memory_mode: 'disabled',
      }),
    ]);
    expect(patch).toEqual({
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
      source: 'cli',
      threadSource: 'automation',
      agentNickname: 'scout',
      agentRole: null,
      agentPath: null,
      modelProvider: 'openai',
      cliVersion: '0.142.0',
      cwd: '/work/repo',
      gitInfo: { sha: 'abc123', branch: 'main' },
      memoryMode: 'disabled',
    });
  });

  it('ignores a session_meta of another thread (a fork source copied into the history)', () => {
    expect(observer().observe([sessionMeta({ id: OTHER_THREAD_ID })])).toEqual({});
  });

  it('clears thread source and agent fields the session_meta does not name, and leaves empty strings out', () => {
    const patch = observer().observe([sessionMeta({ model_provider: '', cli_version: '', cwd: '' })]);
    expect(patch.threadSource).toBeNull();
    expect(patch.agentNickname).toBeNull();
    expect(patch).not.toHaveProperty('modelProvider');
    expect(patch).not.toHaveProperty('cliVersion');
    expect(patch).not.toHaveProperty('cwd');
  });

  it('leaves createdAt out when the timestamp names no instant, instead of inventing one', () => {
    expect(observer().observe([sessionMeta({ timestamp: 'not a time' })])).not.toHaveProperty('createdAt');
  });
});

describe('ThreadMetadataObserver: turn settings', () => {
  it('takes model, effort, approval and permission profile from the latest turn_context', () => {
    const profile = { type: 'managed', file_system: { type: 'restricted' } };
    const patch = observer({ cwd: true }).observe([
      turnContext({ model: 'gpt-4.1', effort: 'low' }),
      turnContext({ model: 'gpt-5', effort: 'high', approval_policy: 'never', permission_profile: profile }),
    ]);
    expect(patch).toEqual({ model: 'gpt-5', reasoningEffort: 'high', approvalMode: 'never', permissionProfile: profile });
  });

  it('takes the cwd from a turn_context only while no cwd has been seen', () => {
    const fresh = observer();
    expect(fresh.observe([turnContext({ cwd: '/first' })]).cwd).toBe('/first');
    expect(fresh.observe([turnContext({ cwd: '/second' })])).not.toHaveProperty('cwd');
    expect(observer().observe([sessionMeta(), turnContext({ cwd: '/elsewhere' })]).cwd).toBe('/work/repo');
  });

  it('leaves the effort alone when a turn names none, and skips values a store would reject', () => {
    expect(observer().observe([turnContext({ effort: null })])).not.toHaveProperty('reasoningEffort');
    expect(observer().observe([turnContext({ effort: 7, approval_policy: 12 })])).not.toHaveProperty('approvalMode');
  });

  it('reads the same settings from thread_settings_applied', () => {
    const settingsEvent = {
      type: 'event_msg',
      payload: {
        type: 'thread_settings_applied',
        thread_settings: { model: 'gpt-5-codex', reasoning_effort: 'medium', cwd: '/w', approval_policy: 'untrusted' },
      },
    } as const;
    expect(observer().observe([settingsEvent])).toEqual({
      cwd: '/w',
      model: 'gpt-5-codex',
      reasoningEffort: 'medium',
      approvalMode: 'untrusted',
    });
  });
});

describe('ThreadMetadataObserver: previews', () => {
  it('emits preview, title and first user message from the first user message only', () => {
    const live = observer();
    expect(live.observe([userMessage('  first request  ')])).toEqual({
      preview: 'first request',
      title: 'first request',
      firstUserMessage: 'first request',
    });
    expect(live.observe([userMessage('second request')])).toEqual({});
  });

  it('uses the text after the request marker', () => {
    const patch = observer().observe([userMessage('context\n## My request for Codex:\n fix the bug ')]);
    expect(patch.preview).toBe('fix the bug');
  });

  it('previews an image-only message as [Image] and takes the title from the first text', () => {
    const live = observer();
    expect(live.observe([userMessage('', { images: ['data:image/png;base64,AA=='] })])).toEqual({
      preview: '[Image]',
      firstUserMessage: '[Image]',
    });
    expect(live.observe([userMessage('now with words')])).toEqual({ title: 'now with words' });
  });

  it('lets a goal that comes first be the preview; title and first message still come from the user', () => {
    const live = observer();
    expect(live.observe([goalUpdated('  ship the release  ')])).toEqual({ preview: 'ship the release' });
    expect(live.observe([userMessage('start with the changelog')])).toEqual({
      title: 'start with the changelog',
      firstUserMessage: 'start with the changelog',
    });
  });

  it('never lets a goal replace a preview that exists', () => {
    const live = observer();
    live.observe([userMessage('hello')]);
    expect(live.observe([goalUpdated('a later goal')])).toEqual({});
  });
});

describe('ThreadMetadataObserver: usage and classification', () => {
  it('takes the total usage of the last token_count that carries info', () => {
    const patch = observer().observe([tokenCount(10), tokenCount(25), { type: 'event_msg', payload: { type: 'token_count', info: null } }]);
    expect(patch.tokenUsage).toEqual({ input_tokens: 24, output_tokens: 1, total_tokens: 25 });
  });

  it('classifies items: what can change metadata, what starts a turn', () => {
    expect(affectsMetadata(userMessage('x'))).toBe(true);
    expect(affectsMetadata(turnContext())).toBe(true);
    expect(affectsMetadata(tokenCount(1))).toBe(true);
    expect(affectsMetadata(agentMessage('x'))).toBe(false);
    expect(affectsMetadata(turnStarted())).toBe(false);
    expect(startsTurn(turnStarted())).toBe(true);
    expect(startsTurn({ type: 'event_msg', payload: { type: 'turn_started' } })).toBe(true);
    expect(startsTurn(agentMessage('x'))).toBe(false);
  });

  it('counts anything but a name, a touch or an empty git patch as a metadata fact', () => {
    expect(hasMetadataFacts({ updatedAt: new Date(), name: 'n' })).toBe(false);
    expect(hasMetadataFacts({ gitInfo: {} })).toBe(false);
    expect(hasMetadataFacts({ gitInfo: { branch: null } })).toBe(true);
    expect(hasMetadataFacts({ advanceRecencyAt: new Date() })).toBe(true);
  });
});
