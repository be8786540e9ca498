import { isThreadStoreError } from '@threadkit/thread-store';

/** Exit codes: 1 for a failure (unknown thread, unreadable home...), 2 for bad usage. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure the CLI reports as one line on stderr, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILURE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Bad flags or arguments: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

/** The one line printed for any error, and its exit code. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (isThreadStoreError(error)) {
    // A cursor comes from the command line: the store rejecting it is bad usage.
    if (error.code === 'invalid_request' && error.field === 'cursor') {
      return { message: '--cursor: not a cursor printed by this list or search (with the same sort)', exitCode: EXIT_USAGE };
    }
    // The store's messages already name the thread and the cause; keep them on one line.
    return { message: oneLine(error.message), exitCode: EXIT_FAILURE };
  }
  const errno = error as NodeJS.ErrnoException;
  if (errno && typeof errno === 'object' && typeof errno.code === 'string' && typeof errno.message === 'string') {
    return { message: oneLine(errno.message), exitCode: EXIT_FAILURE };
  }
  return { message: oneLine(error instanceof Error ? error.message : String(error)), exitCode: EXIT_FAILURE };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
