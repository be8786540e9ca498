import { newThreadId, type ThreadId } from '@threadkit/protocol';
import type { ThreadStore } from '../../thread-store';
import type { ThreadHistoryItem } from '../../types/common';
import type { CreateThreadParams } from '../../types/create-thread-params';

export const userMessage = (message: string): ThreadHistoryItem =>
  ({
    type: 'event_msg',
    payload: { type: 'user_message', message, images: [], local_images: [], text_elements: [] },
  }) as ThreadHistoryItem;

export const agentMessage = (message: string): ThreadHistoryItem =>
  ({ type: 'event_msg', payload: { type: 'agent_message', message } }) as ThreadHistoryItem;

export const turnContext = (model: string, cwd = '/work/sample'): ThreadHistoryItem =>
  ({
    type: 'turn_context',
    payload: { cwd, approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model, summary: 'auto' },
  }) as ThreadHistoryItem;

export function sampleCreateParams(overrides: Partial<CreateThreadParams> = {}): CreateThreadParams {
  return {
    threadId: newThreadId(),
    source: 'cli',
    cwd: '/work/sample',
    originator: 'threadkit_test',
    cliVersion: '0.0.0-test',
    modelProvider: 'openai',
    ...overrides,
  };
}

/** A thread with one user message, written through the store's raw operations only (no metadata patch). */
export async function writeSampleThread(
  store: ThreadStore,
  message = 'sample question',
  overrides: Partial<CreateThreadParams> = {},
): Promise<ThreadId> {
  const params = sampleCreateParams(overrides);
  await store.createThread(params);
  await store.appendItems({ threadId: params.threadId, items: [userMessage(message), agentMessage('sample answer')] });
  await store.shutdownThread(params.threadId);
  return params.threadId as ThreadId;
}
