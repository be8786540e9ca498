import { isThreadStoreError, ThreadStoreError } from '@threadkit/thread-store';
import type { z } from 'zod';

/**
 * core reports every failure as a {@link ThreadStoreError}, so callers switch on one
 * `code` whether the store or core refused: bad input and calls made out of order are
 * `invalid_request` (and write nothing), unknown threads `thread_not_found`.
 */
export function invalidRequest(message: string, options: { field?: string; threadId?: string } = {}): ThreadStoreError {
  return new ThreadStoreError('invalid_request', message, options);
}

/** Parses `value` with `schema`, turning the first issue into `invalid_request` naming its field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, threadId?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = path ? `${what}.${path}` : what;
  return throwInvalid(`${field}: ${issue?.message ?? 'invalid value'}`, field, threadId);
}

function throwInvalid(message: string, field: string, threadId?: string): never {
  throw invalidRequest(message, threadId === undefined ? { field } : { field, threadId });
}

/** Wraps anything that is not already a ThreadStoreError as `internal`, keeping it as the cause. */
export function asThreadStoreError(error: unknown, context: string, threadId?: string): ThreadStoreError {
  if (isThreadStoreError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ThreadStoreError('internal', `${context}: ${detail}`, { cause: error, threadId });
}
