/** What went wrong, in terms a caller can branch on. */
export type RolloutErrorCode =
  /** The input was invalid (bad id, name, path, cursor, items); nothing was changed. */
  | 'invalid_request'
  /** The thread, file or entry does not exist. */
  | 'not_found'
  /** Another writer holds the thread, or a destination already exists. */
  | 'conflict'
  /** The recorder was shut down or discarded. */
  | 'closed'
  /** The file is in a form this version cannot write to (e.g. paginated history). */
  | 'unsupported'
  /** The operating system refused (ENOSPC, EACCES, ...); `cause` holds its error. */
  | 'io';

/** The one error type of @threadkit/rollout. `cause` carries the underlying error, when any. */
export class RolloutError extends Error {
  override readonly name = 'RolloutError';
  readonly code: RolloutErrorCode;

  constructor(code: RolloutErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isRolloutError(value: unknown, code?: RolloutErrorCode): value is RolloutError {
  return value instanceof RolloutError && (code === undefined || value.code === code);
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** True when `err` is a Node system error with one of the given errno codes. */
export function hasErrno(err: unknown, ...codes: string[]): boolean {
  const code = errnoCode(err);
  return code !== undefined && codes.includes(code);
}

/** Wraps an OS error: ENOENT becomes `not_found`, everything else `io`; the original is the cause. */
export function fromFsError(err: unknown, what: string): RolloutError {
  if (err instanceof RolloutError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT') return new RolloutError('not_found', `${what}: no such file or directory`, { cause: err });
  return new RolloutError('io', `${what}: ${detail}`, { cause: err });
}
