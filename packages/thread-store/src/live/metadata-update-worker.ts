import type { ThreadMetadataPatch } from '../types/thread-metadata-patch';
import type { PendingMetadataUpdate, ThreadMetadataSync } from './thread-metadata-sync';

type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * How far a barrier goes:
 * - `all`: write whatever is pending, even facts held back for lack of history;
 * - `existing-history`: write what is pending unless it is held back;
 * - `in-flight`: only wait for writes already started or queued, start none.
 */
export type MetadataBarrierScope = 'all' | 'existing-history' | 'in-flight';

/**
 * Writes one live thread's pending metadata, one store update at a time.
 *
 * Appends hand their updates over with {@link request} and return at once.
 * While an update is in flight, further requests coalesce: when it settles,
 * a single update carrying everything pending is written. A background
 * failure is not thrown anywhere; the patch stays pending and the next
 * {@link settle} retries it and throws if that attempt fails too.
 */
export class MetadataUpdateWorker {
  readonly #sync: ThreadMetadataSync;
  readonly #write: (patch: ThreadMetadataPatch) => Promise<unknown>;
  #inFlight: Promise<void> | undefined;
  #queued = false;

  constructor(sync: ThreadMetadataSync, write: (patch: ThreadMetadataPatch) => Promise<unknown>) {
    this.#sync = sync;
    this.#write = write;
  }

  /** True while a store update is running. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /** Writes the pending patch now, or right after the update in flight. */
  request(): void {
    if (this.#inFlight) {
      this.#queued = true;
      return;
    }
    const update = this.#sync.pendingUpdate();
    if (update) void this.#start(update);
  }

  /**
   * Waits until every generation up to `target` (default: the latest) is
   * durable; later generations are not waited for. Nothing in flight and
   * still not durable (an earlier write failed, or the patch was a coalesced
   * touch): this call writes it once and throws that attempt's error.
   */
  async settle(scope: MetadataBarrierScope, target = this.#sync.generation): Promise<void> {
    while (!this.#sync.isAppliedThrough(target)) {
      // A newer write covers older generations, so a failed one may still be covered by its successor.
      if (this.#inFlight) {
        await this.#inFlight;
        continue;
      }
      if (scope === 'in-flight') return;
      const update =
        scope === 'all' ? this.#sync.pendingUpdate() : this.#sync.pendingUpdateForExistingHistory();
      if (!update) return;
      const outcome = await this.#start(update);
      if (!outcome.ok) throw outcome.error;
    }
  }

  // Resolves once the worker's state reflects the outcome, including the
  // start of a queued follow-up, so waiters never see a gap between writes.
  #start(update: PendingMetadataUpdate): Promise<Outcome> {
    const attempt = this.#attempt(update);
    const done = attempt.then((outcome) => {
      this.#inFlight = undefined;
      if (this.#queued) {
        this.#queued = false;
        const next = this.#sync.pendingUpdate();
        if (next) void this.#start(next);
      }
      return outcome;
    });
    this.#inFlight = done.then(() => undefined);
    return done;
  }

  async #attempt(update: PendingMetadataUpdate): Promise<Outcome> {
    try {
      await this.#write(update.patch);
    } catch (error) {
      return { ok: false, error };
    }
    this.#sync.markApplied(update);
    return { ok: true };
  }
}
