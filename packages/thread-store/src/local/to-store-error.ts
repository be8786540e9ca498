import { isRolloutError } from '@threadkit/rollout';
import { isStateError } from '@threadkit/state';
import { isThreadStoreError, ThreadStoreError } from '../errors';

function errnoCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns whatever the file and index layers threw into the one error type of
 * the store. Codes map one to one where they mean the same thing; OS failures
 * (ENOSPC, EACCES, ...) and anything unexpected become `internal` with the
 * original error as the cause, so nothing is lost for the caller's logs.
 */
export function toStoreError(error: unknown, threadId?: string): ThreadStoreError {
  if (isThreadStoreError(error)) return error;
  const options = { threadId, cause: error };
  if (isRolloutError(error)) {
    switch (error.code) {
      case 'invalid_request':
        return ThreadStoreError.invalidRequest(error.message, options);
      case 'not_found':
        return threadId
          ? new ThreadStoreError('thread_not_found', `thread ${threadId} not found: ${error.message}`, options)
          : ThreadStoreError.internal(error.message, options);
      case 'conflict':
        return ThreadStoreError.conflict(error.message, options);
      case 'closed':
        // A recorder closes when its writer is shut down or discarded: the thread has no live writer.
        return threadId
          ? new ThreadStoreError('thread_not_found', `thread ${threadId} not found: ${error.message}`, options)
          : ThreadStoreError.internal(error.message, options);
      case 'unsupported':
        return ThreadStoreError.unsupported('paginated_threads', options);
      default:
        return ThreadStoreError.internal(error.message, options);
    }
  }
  if (isStateError(error)) {
    if (error.code === 'invalid_request') {
      return ThreadStoreError.invalidRequest(error.message, { ...options, field: error.field });
    }
    if (error.code === 'conflict') return ThreadStoreError.conflict(error.message, options);
    return ThreadStoreError.internal(error.message, options);
  }
  const code = errnoCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  return ThreadStoreError.internal(code ? `${code}: ${detail}` : detail, options);
}

/** Runs `operation` and rethrows any failure as a ThreadStoreError about `threadId`. */
export async function asStoreErrors<T>(threadId: string | undefined, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error, threadId);
  }
}
