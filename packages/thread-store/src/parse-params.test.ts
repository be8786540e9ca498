import { describe, expect, it } from 'vitest';
import { isThreadStoreError, type ThreadStoreError } from './errors';
import {
  parseAppendThreadItemsParams,
  parseCreateThreadParams,
  parseListThreadsParams,
  parseThreadId,
  parseThreadMetadataPatch,
  parseUpdateThreadMetadataParams,
} from './parse-params';

const ID = '0190F6B2-7C1E-7A33-9D3E-2B8C4F1A0E55';

function rejection(fn: () => unknown): ThreadStoreError {
  try {
    fn();
  } catch (error) {
    if (isThreadStoreError(error)) return error;
    throw error;
  }
  throw new Error('expected a ThreadStoreError');
}

const createInput = {
  threadId: ID,
  source: 'cli',
  cwd: '/work/app',
  originator: 'threadkit_test',
  cliVersion: '0.1.0',
  modelProvider: 'openai',
} as const;

describe('params validation', () => {
  it('fills defaults and lowercases ids', () => {
    const parsed = parseCreateThreadParams({ ...createInput, forkedFromId: ID });
    expect(parsed.threadId).toBe(ID.toLowerCase());
    expect(parsed.forkedFromId).toBe(ID.toLowerCase());
    expect(parsed).toMatchObject({
      sessionId: null,
      parentThreadId: null,
      threadSource: null,
      memoryMode: 'enabled',
      historyMode: 'legacy',
      git: null,
      dynamicTools: [],
    });
    expect(parseListThreadsParams({})).toEqual({
      pageSize: 25,
      cursor: null,
      sortKey: 'created_at',
      sortDirection: 'desc',
      allowedSources: [],
      modelProviders: null,
      cwdFilters: null,
      archived: false,
      searchTerm: null,
      relation: null,
      useStateDbOnly: false,
    });
  });

  it('checks the thread id before anything else', () => {
    const error = rejection(() => parseCreateThreadParams({ ...createInput, threadId: '../x', cwd: 7 } as never));
    expect(error.code).toBe('invalid_request');
    expect(error.field).toBe('threadId');
    expect(error.message).toContain('threadId must be a UUID');
    expect(rejection(() => parseThreadId('persistThread', '../../etc/passwd')).field).toBe('threadId');
  });

  it('names the offending field, nested ones included', () => {
    expect(rejection(() => parseListThreadsParams({ pageSize: 0 })).field).toBe('pageSize');
    expect(rejection(() => parseListThreadsParams({ sortKey: 'name' as never })).field).toBe('sortKey');
    expect(rejection(() => parseListThreadsParams({ relation: { descendantsOf: 'nope' } })).field).toBe(
      'relation.descendantsOf',
    );
    const items = [
      { type: 'event_msg', payload: { type: 'user_message', message: 'hi' } },
      { type: 'event_msg', payload: { type: 'user_message', message: 42 } },
    ];
    const error = rejection(() => parseAppendThreadItemsParams({ threadId: ID, items } as never));
    expect(error.field).toBe('items[1].payload.message');
    expect(error.threadId).toBe(ID.toLowerCase());
  });

  it('keeps appended payloads as the very same objects', () => {
    const payload = { zeta: 1, type: 'future_event', alpha: 2 };
    const parsed = parseAppendThreadItemsParams({ threadId: ID, items: [{ type: 'event_msg', payload }] });
    expect(parsed.items[0]!.payload).toBe(payload);
  });

  it('rejects unknown patch keys, blank names and non-clearable nulls', () => {
    expect(rejection(() => parseThreadMetadataPatch({ nmae: 'x' } as never)).message).toContain('nmae');
    expect(rejection(() => parseThreadMetadataPatch({ name: '   ' })).field).toBe('patch.name');
    expect(rejection(() => parseThreadMetadataPatch({ preview: null } as never)).field).toBe('patch.preview');
    expect(rejection(() => parseThreadMetadataPatch({ gitInfo: { sha: 5 } } as never)).field).toBe('patch.gitInfo.sha');
    expect(rejection(() => parseThreadMetadataPatch({ updatedAt: new Date('nope') })).field).toBe('patch.updatedAt');
    expect(rejection(() => parseUpdateThreadMetadataParams({ threadId: ID, patch: { model: 3 } } as never)).field).toBe(
      'patch.model',
    );
  });

  it('accepts clears for clearable fields', () => {
    const patch = parseThreadMetadataPatch({ name: null, threadSource: null, gitInfo: { originUrl: null } });
    expect(patch).toEqual({ name: null, threadSource: null, gitInfo: { originUrl: null } });
  });
});
