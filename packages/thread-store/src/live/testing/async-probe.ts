/**
 * Lets every queued promise callback and I/O callback run. The stores under
 * test do no real I/O, so work that is not blocked on a test-controlled gate
 * finishes within a few turns of the event loop; no wall-clock timing.
 */
export async function drainEventLoop(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Tracks whether a promise has settled, so a test can assert it is still waiting. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  // The test awaits `promise` itself; the tracking copy must not report its rejection twice.
  tracked.catch(() => undefined);
  return {
    get settled() {
      return settled;
    },
    promise,
  };
}
