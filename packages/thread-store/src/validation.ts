import { isThreadId } from '@threadkit/protocol';
import type { z } from 'zod';
import { ThreadStoreError } from './errors';

/** `['items', 3, 'payload']` → `items[3].payload`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null || value === undefined) return String(value);
  return typeof value;
}

/**
 * Checks the thread id of a params object with protocol's ThreadId rules
 * before anything else looks at the params, so an id such as `../x` is
 * refused before it can reach a path or a query.
 */
export function assertThreadIdParam(operation: string, value: unknown, field = 'threadId'): void {
  if (!isThreadId(value)) {
    throw ThreadStoreError.invalidRequest(`${operation}: ${field} must be a UUID, got ${describeValue(value)}`, {
      field,
    });
  }
}

/**
 * Validates `input` for `operation` with `schema`. A zod failure becomes a
 * ThreadStoreError `invalid_request` naming the first offending field; the
 * thread id (when the params carry one) is checked first.
 */
export function parseParams<S extends z.ZodType>(operation: string, schema: S, input: unknown): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw ThreadStoreError.invalidRequest(`${operation}: params must be an object`);
  }
  if ('threadId' in input) assertThreadIdParam(operation, (input as { threadId: unknown }).threadId);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? formatFieldPath(issue.path) : '';
  const threadId = (input as { threadId?: unknown }).threadId;
  throw ThreadStoreError.invalidRequest(
    `${operation}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid params'}`,
    {
      field: field || undefined,
      threadId: typeof threadId === 'string' ? threadId.toLowerCase() : undefined,
      cause: result.error,
    },
  );
}

/** Validates a bare thread id argument (persist/flush/shutdown/discard) and returns it lowercased. */
export function parseThreadIdArgument(operation: string, threadId: unknown): string {
  assertThreadIdParam(operation, threadId);
  return (threadId as string).toLowerCase();
}
