/** Outcome of shutting every loaded thread down; each list holds thread ids, sorted. */
export interface ShutdownAllResult {
  /** Shut down cleanly (and no longer loaded). */
  completed: string[];
  /** Their shutdown failed; they stay loaded. */
  failed: string[];
  /** Their shutdown did not finish within the timeout; they stay loaded. */
  timedOut: string[];
}

interface Shutdownable {
  readonly threadId: string;
  shutdown(): Promise<void>;
}

/**
 * Shuts threads down concurrently and returns within `timeoutMs` even when a store hangs:
 * a shutdown still running at the deadline is reported as timed out and left running.
 */
export async function shutdownWithin(threads: readonly Shutdownable[], timeoutMs: number): Promise<ShutdownAllResult> {
  const result: ShutdownAllResult = { completed: [], failed: [], timedOut: [] };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timedOut'>((resolve) => {
    timer = setTimeout(() => resolve('timedOut'), timeoutMs);
  });
  try {
    const outcomes = await Promise.all(
      threads.map(async (thread) => {
        let started: Promise<void>;
        try {
          started = thread.shutdown();
        } catch {
          return { id: thread.threadId, outcome: 'failed' as const };
        }
        const settled = started.then(
          () => 'completed' as const,
          () => 'failed' as const,
        );
        return { id: thread.threadId, outcome: await Promise.race([settled, deadline]) };
      }),
    );
    for (const { id, outcome } of outcomes) result[outcome].push(id);
  } finally {
    clearTimeout(timer);
  }
  result.completed.sort();
  result.failed.sort();
  result.timedOut.sort();
  return result;
}
