import { isThreadStoreError, ThreadStoreError } from '@threadkit/thread-store';

/**
 * Maps a failed metadata update as Codex's ThreadManager does: not found and invalid
 * requests pass through, an unsupported store says so, anything else is an internal failure
 * naming the thread. The original error is kept as the cause.
 */
export function metadataUpdateError(error: unknown, threadId: string): ThreadStoreError {
  if (isThreadStoreError(error, 'thread_not_found') || isThreadStoreError(error, 'invalid_request')) return error;
  if (isThreadStoreError(error, 'unsupported')) {
    const operation = error.operation ?? 'updateThreadMetadata';
    return new ThreadStoreError('unsupported', `thread metadata update is not supported by this store: ${operation}`, {
      operation,
      threadId,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ThreadStoreError('internal', `failed to update thread metadata ${threadId}: ${detail}`, { threadId, cause: error });
}
