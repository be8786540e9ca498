import { parseThreadId } from '@threadkit/protocol';
import {
  isThreadStoreError,
  type ListThreadsParams,
  type StoredThread,
  type ThreadHistoryItem,
  type ThreadStore,
} from '@threadkit/thread-store';
import { CliError } from './errors';

/** The largest page the store contract allows: fewer round trips when every thread is needed. */
const WHOLE_PAGE = 10_000;

/** Every thread matching `params`, following cursors to the end. */
export async function* allThreads(
  store: ThreadStore,
  params: Omit<ListThreadsParams, 'cursor' | 'pageSize'>,
): AsyncGenerator<StoredThread> {
  let cursor: string | null = null;
  do {
    const page = await store.listThreads({ ...params, pageSize: WHOLE_PAGE, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Every provider and every source: a person's home holds exec sessions and custom providers too. */
export const EVERYTHING: Pick<ListThreadsParams, 'modelProviders' | 'allowedSources'> = {
  modelProviders: [],
  allowedSources: [],
};

/**
 * Finds a thread by id (a UUID) or by its exact name, active or archived.
 * A name matches exactly first, then ignoring case; a name several threads
 * share is refused with their ids, so nothing is done to the wrong one.
 */
export async function resolveThread(store: ThreadStore, reference: string): Promise<StoredThread> {
  const threadId = parseThreadId(reference);
  if (threadId !== undefined) {
    try {
      return await store.readThread({ threadId, includeArchived: true });
    } catch (error) {
      if (isThreadStoreError(error, 'thread_not_found')) throw new CliError(`no thread with id ${threadId}`);
      throw error;
    }
  }

  const wanted = reference.trim();
  if (wanted === '') throw new CliError('a thread id or name is required');
  const named: StoredThread[] = [];
  for (const archived of [false, true]) {
    for await (const thread of allThreads(store, { ...EVERYTHING, archived, searchTerm: wanted })) {
      if (thread.name !== null && thread.name.trim().toLowerCase() === wanted.toLowerCase()) named.push(thread);
    }
  }
  const exact = named.filter((thread) => thread.name === reference || thread.name?.trim() === wanted);
  const matches = exact.length > 0 ? exact : named;
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new CliError(`no thread named "${reference}" (use an id from \`threads list\`, or \`threads search\`)`);
  }
  const ids = matches.map((thread) => thread.threadId).join(', ');
  throw new CliError(`the name "${reference}" is ambiguous: ${matches.length} threads have it (${ids}); use an id`);
}

/**
 * A thread with its history, or with `items: null` when the store cannot read
 * that thread's history (a store may answer `unsupported` for history it does
 * not hold, e.g. a history mode it does not know).
 */
export async function readWithHistory(
  store: ThreadStore,
  threadId: string,
): Promise<{ thread: StoredThread; items: ThreadHistoryItem[] | null }> {
  try {
    const thread = await store.readThread({ threadId, includeArchived: true, includeHistory: true });
    return { thread, items: thread.history?.items ?? [] };
  } catch (error) {
    if (!isThreadStoreError(error, 'unsupported')) throw error;
    const thread = await store.readThread({ threadId, includeArchived: true });
    return { thread, items: null };
  }
}

/** Why `items` is null, for people. */
export function unreadableHistoryReason(thread: StoredThread): string {
  return `its history is in Codex's ${thread.historyMode} mode, which this store cannot read`;
}
