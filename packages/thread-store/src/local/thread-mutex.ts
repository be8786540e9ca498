/**
 * Mutations of one thread (moves between collections, deletes, metadata
 * writes) run one at a time within this process, across every store instance
 * on the same home. Without it, two instances racing an archive against an
 * unarchive could leave the index pointing at the file's old place.
 */
const tails = new Map<string, Promise<unknown>>();

export function withThreadMutex<T>(home: string, threadId: string, operation: () => Promise<T>): Promise<T> {
  const key = `${home}\0${threadId}`;
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(operation, operation);
  const settled = run.catch(() => {});
  tails.set(key, settled);
  void settled.then(() => {
    if (tails.get(key) === settled) tails.delete(key);
  });
  return run;
}
