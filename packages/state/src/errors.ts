/**
 * What went wrong, as a code the caller can branch on:
 * - `invalid_request`: a parameter, patch, row or cursor was malformed; `field` names it. Nothing changed.
 * - `corrupt`: the database file is not SQLite, or not a threadkit index. Set it aside and rebuild.
 * - `newer_schema`: the file was migrated by a newer threadkit. It is left untouched.
 * - `conflict`: a backfill run lost its claim to another process.
 * - `busy`: the database stayed locked longer than the retry budget (heavy contention, not normal use).
 * - `closed`: the index was used after `close()`.
 * - `internal`: any other failure (disk full, permissions, ...), with the cause attached.
 */
export type StateErrorCode =
  | 'invalid_request'
  | 'corrupt'
  | 'newer_schema'
  | 'conflict'
  | 'busy'
  | 'closed'
  | 'internal';

export interface StateErrorOptions {
  /** The parameter that was rejected (`invalid_request` only), e.g. `cursor` or `patch.gitInfo.branch`. */
  field?: string;
  cause?: unknown;
}

export class StateError extends Error {
  override readonly name = 'StateError';
  readonly code: StateErrorCode;
  readonly field: string | undefined;

  constructor(code: StateErrorCode, message: string, options: StateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}

export function isStateError(value: unknown, code?: StateErrorCode): value is StateError {
  return value instanceof StateError && (code === undefined || value.code === code);
}

export function invalidRequest(field: string, problem: string): StateError {
  return new StateError('invalid_request', `invalid ${field}: ${problem}`, { field });
}

const CORRUPT_SQLITE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX']);

/** The SQLite result code of a better-sqlite3 error, if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function isBusyError(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Turns whatever a database call threw into a StateError, keeping StateErrors as they are. */
export function toStateError(error: unknown, doing: string): StateError {
  if (error instanceof StateError) return error;
  const code = sqliteCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code !== undefined && CORRUPT_SQLITE_CODES.has(code)) {
    return new StateError('corrupt', `thread index is corrupt (${doing}): ${detail}`, { cause: error });
  }
  if (isBusyError(error)) {
    return new StateError('busy', `thread index stayed locked (${doing}): ${detail}`, { cause: error });
  }
  if (error instanceof TypeError && /database connection is not open/i.test(detail)) {
    return new StateError('closed', `thread index is closed (${doing})`, { cause: error });
  }
  return new StateError('internal', `thread index failed (${doing}): ${detail}`, { cause: error });
}
