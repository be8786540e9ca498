import { newThreadId, type ThreadId } from '@threadkit/protocol';
import { expect } from 'vitest';
import { isThreadStoreError, type ThreadStoreError, type ThreadStoreErrorCode } from '../errors';
import type { ThreadStore } from '../thread-store';
import type { ThreadHistoryItem } from '../types/common';
import type { CreateThreadParams } from '../types/create-thread-params';
import type { ThreadMetadataPatch } from '../types/thread-metadata-patch';

export const newId = (): ThreadId => newThreadId();

/** Whole seconds, a year ahead: later than any creation time, so recency can be advanced to it. */
export function futureBase(): number {
  return Math.ceil((Date.now() + 365 * 24 * 3600 * 1000) / 1000) * 1000;
}

export function createParams(overrides: Partial<CreateThreadParams> = {}): CreateThreadParams {
  return {
    threadId: newId(),
    source: 'cli',
    cwd: '/work/conformance',
    originator: 'threadkit_conformance',
    cliVersion: '0.0.0-conformance',
    modelProvider: 'conformance-provider',
    ...overrides,
  };
}

export const userMessage = (message: string): ThreadHistoryItem =>
  ({
    type: 'event_msg',
    payload: { type: 'user_message', message, images: [], local_images: [], text_elements: [] },
  }) as ThreadHistoryItem;

export const agentMessage = (message: string): ThreadHistoryItem =>
  ({ type: 'event_msg', payload: { type: 'agent_message', message } }) as ThreadHistoryItem;

export const assistantResponse = (text: string): ThreadHistoryItem =>
  ({
    type: 'response_item',
    payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
  }) as ThreadHistoryItem;

export const turnStarted = (turnId: string): ThreadHistoryItem =>
  ({
    type: 'event_msg',
    payload: { type: 'task_started', turn_id: turnId, model_context_window: null },
  }) as ThreadHistoryItem;

export const turnComplete = (turnId: string, lastAgentMessage: string | null = null): ThreadHistoryItem =>
  ({
    type: 'event_msg',
    payload: { type: 'task_complete', turn_id: turnId, last_agent_message: lastAgentMessage },
  }) as ThreadHistoryItem;

export const tokenCount = (totalTokens: number): ThreadHistoryItem =>
  ({
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: {
        total_token_usage: {
          input_tokens: totalTokens,
          cached_input_tokens: 0,
          output_tokens: 0,
          reasoning_output_tokens: 0,
          total_tokens: totalTokens,
        },
        last_token_usage: {
          input_tokens: totalTokens,
          cached_input_tokens: 0,
          output_tokens: 0,
          reasoning_output_tokens: 0,
          total_tokens: totalTokens,
        },
        model_context_window: null,
      },
      rate_limits: null,
    },
  }) as ThreadHistoryItem;

export const turnContext = (model: string, cwd = '/work/conformance'): ThreadHistoryItem =>
  ({
    type: 'turn_context',
    payload: { cwd, approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model, summary: 'auto' },
  }) as ThreadHistoryItem;

/** Items the persistence policy drops: streaming deltas and begin events. */
export const transientItems = (): ThreadHistoryItem[] =>
  [
    { type: 'event_msg', payload: { type: 'agent_message_delta', delta: 'partial' } },
    { type: 'event_msg', payload: { type: 'exec_command_begin', call_id: 'c1', command: ['ls'], cwd: '/' } },
  ] as ThreadHistoryItem[];

/** Awaits a rejection and checks it is a ThreadStoreError of `code`; returns it for further checks. */
export async function expectStoreError(
  promise: Promise<unknown>,
  code: ThreadStoreErrorCode,
): Promise<ThreadStoreError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ThreadStoreError ${code}`).toBeDefined();
  if (!isThreadStoreError(caught)) throw caught;
  expect(caught.code, caught.message).toBe(code);
  return caught;
}

/** The text of a user_message history item, else undefined. */
export function userMessageText(item: ThreadHistoryItem | undefined): string | undefined {
  const payload = item?.payload as { type?: string; message?: string } | undefined;
  return item?.type === 'event_msg' && payload?.type === 'user_message' ? payload.message : undefined;
}

// createdAt is forced by a patch here (epoch ms), not given at creation.
export interface SeedOptions extends Omit<Partial<CreateThreadParams>, 'createdAt'> {
  /** The first user message; also patched in as preview and first user message. */
  preview?: string;
  name?: string;
  createdAt?: number;
  updatedAt?: number;
  recencyAt?: number;
  archived?: boolean;
  /** Extra history appended after the first user message. */
  history?: ThreadHistoryItem[];
  /** Extra patch fields. */
  patch?: ThreadMetadataPatch;
}

/**
 * A listable thread, made the way an application makes one: create, append
 * the first user message, apply the patch a metadata layer would derive from
 * it (plus any forced timestamps), shut the writer down.
 */
export async function seedThread(store: ThreadStore, options: SeedOptions = {}): Promise<ThreadId> {
  const {
    preview = 'conformance thread',
    name,
    createdAt,
    updatedAt,
    recencyAt,
    archived,
    history,
    patch,
    ...create
  } = options;
  const params = createParams(create);
  await store.createThread(params);
  await store.appendItems({ threadId: params.threadId, items: [userMessage(preview), ...(history ?? [])] });
  const seedPatch: ThreadMetadataPatch = { preview, firstUserMessage: preview, ...patch };
  if (name !== undefined) seedPatch.name = name;
  if (createdAt !== undefined) seedPatch.createdAt = new Date(createdAt);
  if (updatedAt !== undefined) seedPatch.updatedAt = new Date(updatedAt);
  if (recencyAt !== undefined) seedPatch.advanceRecencyAt = new Date(recencyAt);
  await store.updateThreadMetadata({ threadId: params.threadId, patch: seedPatch });
  await store.shutdownThread(params.threadId);
  if (archived) await store.archiveThread({ threadId: params.threadId });
  return params.threadId as ThreadId;
}
