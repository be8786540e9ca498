import type { ThreadHistoryItem } from '@threadkit/thread-store';

/**
 * Numbered records for the crash and rival-writer tests: an agent message
 * `seq <n> <padding>` with a size that varies with n (up to ~6 KB, so
 * writes of many lengths, some over a page, are in flight when a kill lands).
 */
export function numberedRecord(seq: number, tag = 'seq'): ThreadHistoryItem {
  const padding = 'x'.repeat((seq * 7919) % 6_000);
  return { type: 'event_msg', payload: { type: 'agent_message', message: `${tag} ${seq} ${padding}` } } as ThreadHistoryItem;
}

/** The numbers of the numbered records in `items`, in order (`tag` tells writers apart). */
export function recordNumbers(items: readonly ThreadHistoryItem[], tag = 'seq'): number[] {
  const numbers: number[] = [];
  for (const item of items) {
    const payload = item.payload as { type?: string; message?: string };
    if (item.type !== 'event_msg' || payload.type !== 'agent_message' || typeof payload.message !== 'string') continue;
    const [label, n] = payload.message.split(' ', 2);
    if (label === tag) numbers.push(Number(n));
  }
  return numbers;
}

export function sessionParams(threadId: string) {
  return {
    threadId,
    source: 'exec' as const,
    cwd: '/workspace/reliability',
    originator: 'threadkit_reliability',
    cliVersion: '0.0.0',
    modelProvider: 'openai',
  };
}

/** A user message, so the thread gets a preview and is listed. */
export function userMessage(text: string): ThreadHistoryItem {
  return { type: 'event_msg', payload: { type: 'user_message', message: text, images: [], local_images: [], text_elements: [] } } as ThreadHistoryItem;
}
