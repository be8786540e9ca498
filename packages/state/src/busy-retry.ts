import { isBusyError } from './errors';

/** How long a single operation keeps retrying while other connections hold the lock. */
export const BUSY_RETRY_BUDGET_MS = 30_000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** better-sqlite3 is synchronous, so waiting between attempts blocks this thread on purpose. */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/**
 * Runs `operation`, retrying while SQLite reports the database busy. The busy
 * timeout already waits inside SQLite; this covers the cases where SQLite gives
 * up at once instead (WAL recovery, a snapshot that went stale, lock upgrades),
 * so callers never see SQLITE_BUSY under ordinary contention.
 */
export function withBusyRetry<T>(operation: () => T, budgetMs: number = BUSY_RETRY_BUDGET_MS): T {
  const deadline = Date.now() + budgetMs;
  let pauseMs = 2;
  for (;;) {
    try {
      return operation();
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
      sleepSync(pauseMs + Math.random() * pauseMs);
      pauseMs = Math.min(pauseMs * 2, 100);
    }
  }
}
