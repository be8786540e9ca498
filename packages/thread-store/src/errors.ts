/** Why a thread-store operation failed. Stable strings: callers switch on them. */
export type ThreadStoreErrorCode =
  | 'thread_not_found'
  | 'invalid_request'
  | 'conflict'
  | 'unsupported'
  | 'resource_exhausted'
  | 'internal';

export const THREAD_STORE_ERROR_CODES: readonly ThreadStoreErrorCode[] = [
  'thread_not_found',
  'invalid_request',
  'conflict',
  'unsupported',
  'resource_exhausted',
  'internal',
];

export interface ThreadStoreErrorOptions {
  /** The thread the failed operation was about, when there is one. */
  threadId?: string;
  /** For `invalid_request`: the offending field, as a path such as `patch.gitInfo.sha`. */
  field?: string;
  /** For `unsupported`: the operation the store does not implement. */
  operation?: string;
  /** The underlying error (an OS error, a driver error...). */
  cause?: unknown;
}

// A registered symbol rather than `instanceof`: a third-party store may bundle
// its own copy of this package, and its errors must still be recognised.
const BRAND = Symbol.for('@threadkit/thread-store/ThreadStoreError');

/**
 * The only error type a ThreadStore throws. `code` says what kind of failure
 * it is; the message names the thread and the cause.
 */
export class ThreadStoreError extends Error {
  readonly code: ThreadStoreErrorCode;
  readonly threadId: string | undefined;
  readonly field: string | undefined;
  readonly operation: string | undefined;

  constructor(code: ThreadStoreErrorCode, message: string, options: ThreadStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ThreadStoreError';
    this.code = code;
    this.threadId = options.threadId;
    this.field = options.field;
    this.operation = options.operation;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `thread <id> not found`, optionally with the reason (e.g. `it is archived`). */
  static threadNotFound(threadId: string, reason?: string): ThreadStoreError {
    const suffix = reason ? `: ${reason}` : '';
    return new ThreadStoreError('thread_not_found', `thread ${threadId} not found${suffix}`, { threadId });
  }

  static invalidRequest(message: string, options: Omit<ThreadStoreErrorOptions, 'operation'> = {}): ThreadStoreError {
    return new ThreadStoreError('invalid_request', `invalid thread-store request: ${message}`, options);
  }

  static conflict(
    message: string,
    options: Omit<ThreadStoreErrorOptions, 'operation' | 'field'> = {},
  ): ThreadStoreError {
    return new ThreadStoreError('conflict', `thread-store conflict: ${message}`, options);
  }

  static unsupported(
    operation: string,
    options: Omit<ThreadStoreErrorOptions, 'operation' | 'field'> = {},
  ): ThreadStoreError {
    return new ThreadStoreError('unsupported', `thread-store unsupported operation: ${operation}`, {
      ...options,
      operation,
    });
  }

  static resourceExhausted(
    message: string,
    options: Omit<ThreadStoreErrorOptions, 'operation' | 'field'> = {},
  ): ThreadStoreError {
    return new ThreadStoreError('resource_exhausted', `thread-store resource exhausted: ${message}`, options);
  }

  static internal(
    message: string,
    options: Omit<ThreadStoreErrorOptions, 'operation' | 'field'> = {},
  ): ThreadStoreError {
    return new ThreadStoreError('internal', `thread-store internal error: ${message}`, options);
  }
}

/** True when `value` is a ThreadStoreError (from any copy of this package), optionally of one code. */
export function isThreadStoreError(value: unknown, code?: ThreadStoreErrorCode): value is ThreadStoreError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as ThreadStoreError).code === code;
}
