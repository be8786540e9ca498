import { isThreadStoreError, ThreadStoreError } from '@threadkit/thread-store';

/** The SQLSTATE (`code`) of a server error, or the errno code of a socket error. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const CONNECTION_LOSS_CODES = new Set([
  // Class 08: connection exceptions.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // Class 57P: the server ended the session (pg_terminate_backend, shutdown, crash recovery).
  '57P01',
  '57P02',
  '57P03',
  '57P05',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// node-postgres reports a socket that closed under a query with these messages and no code.
const CONNECTION_LOSS_MESSAGE =
  /Connection terminated|connection error|Client has encountered a connection error|Connection ended|not queryable/i;

/** True when the statement failed because the connection went away, not because of what it asked. */
export function isConnectionLoss(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && CONNECTION_LOSS_CODES.has(code)) return true;
  return error instanceof Error && code === undefined && CONNECTION_LOSS_MESSAGE.test(error.message);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = errorCode(error);
  return code ? `${error.message} (${code})` : error.message;
}

/**
 * Turns anything a driver threw into a ThreadStoreError naming the operation
 * and thread. ThreadStoreErrors pass through unchanged.
 */
export function storeErrorFromDriver(
  error: unknown,
  context: { operation: string; threadId?: string; where: string },
): ThreadStoreError {
  if (isThreadStoreError(error)) return error;
  const { operation, threadId, where } = context;
  const about = threadId ? ` of thread ${threadId}` : '';
  const cause = describeCause(error);
  const code = errorCode(error) ?? '';
  if (isConnectionLoss(error)) {
    return ThreadStoreError.internal(`${operation}${about}: lost the connection to ${where}: ${cause}`, {
      threadId,
      cause: error,
    });
  }
  // Class 53: disk full, out of memory, too many connections.
  if (code.startsWith('53')) {
    return ThreadStoreError.resourceExhausted(`${operation}${about}: ${where} is out of resources: ${cause}`, {
      threadId,
      cause: error,
    });
  }
  // Text PostgreSQL cannot store (U+0000, or not valid in the database encoding): the input is at fault.
  if (code === '22021' || code === '22P05') {
    return ThreadStoreError.invalidRequest(`${operation}${about}: text PostgreSQL cannot store: ${cause}`, {
      threadId,
      cause: error,
    });
  }
  if (code === '42501') {
    return ThreadStoreError.internal(`${operation}${about}: permission denied on ${where}: ${cause}`, {
      threadId,
      cause: error,
    });
  }
  return ThreadStoreError.internal(`${operation}${about} failed on ${where}: ${cause}`, { threadId, cause: error });
}
