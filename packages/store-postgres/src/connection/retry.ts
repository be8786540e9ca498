import { isConnectionLoss, storeErrorFromDriver } from './driver-errors';
import type { SqlRunner } from './sql-runner';

/**
 * Runs an idempotent piece of work, once more on a fresh connection if the
 * first attempt lost its connection, and turns driver errors into
 * ThreadStoreErrors. Only for work whose repetition cannot change the
 * outcome (reads, literal patches, archive flags).
 */
export async function withConnectionRetry<T>(
  runner: SqlRunner,
  context: { operation: string; threadId?: string },
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt < 2 && isConnectionLoss(error)) continue;
      throw storeErrorFromDriver(error, { ...context, where: runner.description });
    }
  }
}
