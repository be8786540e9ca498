/**
 * Runs async mutations of one resource (keyed by path) one after another
 * within this process, so a rewrite never races an append made through
 * this package.
 */
const tails = new Map<string, Promise<unknown>>();

export function serializeByKey<T>(key: string, operation: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(operation, operation);
  const settled = run.catch(() => {});
  tails.set(key, settled);
  settled.then(() => {
    if (tails.get(key) === settled) tails.delete(key);
  });
  return run;
}
