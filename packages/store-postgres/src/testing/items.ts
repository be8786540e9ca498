import { newThreadId } from '@threadkit/protocol';
import type { CreateThreadParams, ThreadHistoryItem } from '@threadkit/thread-store';

export function createParams(overrides: Partial<CreateThreadParams> = {}): CreateThreadParams {
  return {
    threadId: newThreadId(),
    source: 'cli',
    cwd: '/work/postgres',
    originator: 'threadkit_store_postgres_test',
    cliVersion: '0.0.0-test',
    modelProvider: 'openai',
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

/** The texts of the user and agent messages of a history, in order. */
export function messageTextsOf(items: readonly ThreadHistoryItem[]): string[] {
  return items.flatMap((item) => {
    const payload = item.payload as { type?: string; message?: unknown };
    return item.type === 'event_msg' && typeof payload.message === 'string' ? [payload.message] : [];
  });
}
