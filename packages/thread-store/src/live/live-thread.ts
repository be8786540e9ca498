import type { HistoryMode, ThreadId } from '@threadkit/protocol';
import { extractThreadMetadata, persistedRolloutItems } from '@threadkit/rollout';
import { ThreadStoreError } from '../errors';
import { parseCreateThreadParams, parseThreadId } from '../parse-params';
import type { ThreadStore } from '../thread-store';
import type { ThreadHistoryItem } from '../types/common';
import type { CreateThreadParams } from '../types/create-thread-params';
import type { ResumeThreadParams } from '../types/resume-thread-params';
import type { StoredThread, StoredThreadHistory } from '../types/stored-thread';
import type { ThreadMetadataPatch } from '../types/thread-metadata-patch';
import { createdThreadPatch } from './created-thread-patch';
import { type MetadataBarrierScope, MetadataUpdateWorker } from './metadata-update-worker';
import { ThreadMetadataSync, type ThreadMetadataSyncOptions } from './thread-metadata-sync';

/** Codex writes an `updatedAt`-only change at most once per 5 s. */
export const DEFAULT_TOUCH_INTERVAL_MS = 5000;

export interface LiveThreadOptions {
  /** Clock for creation times, touches and recency. Default: `new Date()`. */
  now?: () => Date;
  /** `updatedAt`-only touches are written at most once per this many milliseconds. Default 5000. */
  touchIntervalMs?: number;
  /** Written as the `cliVersion` of a created thread. Default: the create params' `cliVersion`. */
  cliVersion?: string;
}

function syncOptions(options: LiveThreadOptions): ThreadMetadataSyncOptions {
  const touchIntervalMs = options.touchIntervalMs ?? DEFAULT_TOUCH_INTERVAL_MS;
  if (!Number.isFinite(touchIntervalMs) || touchIntervalMs < 0) {
    throw ThreadStoreError.invalidRequest('touchIntervalMs must be a finite number of milliseconds, at least 0', {
      field: 'touchIntervalMs',
    });
  }
  return { now: options.now ?? (() => new Date()), touchIntervalMs };
}

function historyModeOf(threadId: ThreadId, history: readonly ThreadHistoryItem[]): HistoryMode {
  return extractThreadMetadata(history, { threadId })?.historyMode === 'paginated' ? 'paginated' : 'legacy';
}

/**
 * One active thread on a {@link ThreadStore}: appends its history and keeps
 * its metadata in step, deriving patches from what is appended.
 *
 * The store only ever receives raw history (`appendItems`) and literal
 * patches (`updateThreadMetadata`). Derived patches are written in the
 * background, one at a time, coalescing while one is in flight; `persist`,
 * `flush`, `shutdown`, `discard` and `updateMetadata` are barriers that wait
 * for the metadata observed before they were called, and report a failed
 * background write (after retrying it once).
 */
export class LiveThread {
  readonly threadId: ThreadId;
  readonly store: ThreadStore;
  readonly #historyMode: HistoryMode;
  readonly #sync: ThreadMetadataSync;
  readonly #worker: MetadataUpdateWorker;
  // Observations follow call order even if a store settled appends out of order.
  // Resolves to the generation reached once every append called so far is observed.
  #lastObservation: Promise<number> = Promise.resolve(0);

  private constructor(store: ThreadStore, threadId: ThreadId, historyMode: HistoryMode, sync: ThreadMetadataSync) {
    this.store = store;
    this.threadId = threadId;
    this.#historyMode = historyMode;
    this.#sync = sync;
    this.#worker = new MetadataUpdateWorker(sync, (patch) =>
      store.updateThreadMetadata({ threadId, patch, includeArchived: true }),
    );
  }

  /**
   * Opens a new thread. Its creation metadata is written with its first
   * history (or by `persist`); a thread that never gets any writes nothing.
   */
  static async create(store: ThreadStore, params: CreateThreadParams, options: LiveThreadOptions = {}) {
    const parsed = parseCreateThreadParams(params);
    const sync = syncOptions(options);
    // One instant for the store's session_meta and the creation patch, so they never disagree.
    const createdAt = parsed.createdAt ?? sync.now();
    await store.createThread({ ...params, createdAt });
    const patch = createdThreadPatch(parsed, createdAt, options.cliVersion);
    return new LiveThread(store, parsed.threadId, parsed.historyMode, ThreadMetadataSync.forCreate(parsed.threadId, patch, sync));
  }

  /**
   * Reopens an existing thread. Its history (loaded first unless the params
   * carry it) is observed, and what it implies is written with the first
   * append: resuming alone writes nothing.
   */
  static async resume(store: ThreadStore, params: ResumeThreadParams, options: LiveThreadOptions = {}) {
    const threadId = parseThreadId('resumeThread', params.threadId);
    const sync = syncOptions(options);
    const history =
      params.history ??
      (await store.loadHistory({ threadId, includeArchived: params.includeArchived ?? false })).items;
    await store.resumeThread({ ...params, history });
    const historyMode = historyModeOf(threadId, history);
    const canonical = persistedRolloutItems(history, historyMode);
    return new LiveThread(store, threadId, historyMode, ThreadMetadataSync.forResume(threadId, canonical, sync));
  }

  /**
   * Appends raw history; resolves once the store accepted it. The metadata
   * it implies is written in the background: a failure there never fails
   * this call and is reported by the next barrier.
   */
  async appendItems(items: readonly ThreadHistoryItem[]): Promise<void> {
    if (items.length === 0) return;
    const accepted = this.store.appendItems({ threadId: this.threadId, items: [...items] });
    // Its rejection reaches the caller below; until then it must not count as unhandled.
    accepted.catch(() => undefined);
    const previous = this.#lastObservation;
    const observed = (async () => {
      await previous;
      await accepted;
      // Metadata follows what is actually persisted, in the thread's history mode.
      const canonical = persistedRolloutItems(items, this.#historyMode);
      if (canonical.length === 0) return;
      if (this.#sync.observeAppendedItems(canonical)) this.#worker.request();
    })();
    const reached = () => this.#sync.generation;
    this.#lastObservation = observed.then(reached, reached);
    await observed;
  }

  // Taken when a barrier is called: it covers the appends called before it
  // (even ones not awaited yet), and nothing observed after them.
  #barrier(scope: MetadataBarrierScope): () => Promise<void> {
    const observedNow = this.#sync.generation;
    const observedByEarlierAppends = this.#lastObservation;
    return async () => {
      const target = Math.max(observedNow, await observedByEarlierAppends);
      await this.#worker.settle(scope, target);
    };
  }

  /** Materializes the thread (even without history), then writes every pending patch. */
  async persist(): Promise<void> {
    const settleMetadata = this.#barrier('all');
    await this.store.persistThread(this.threadId);
    await settleMetadata();
  }

  /** Makes appended history durable, then the metadata observed so far. */
  async flush(): Promise<void> {
    const settleMetadata = this.#barrier('existing-history');
    await this.store.flushThread(this.threadId);
    await settleMetadata();
  }

  /**
   * Writes the metadata observed so far, then closes the store's writer.
   * The writer is closed even when the metadata write fails; that failure
   * is thrown afterwards.
   */
  async shutdown(): Promise<void> {
    let metadataFailure: { error: unknown } | undefined;
    try {
      await this.#barrier('existing-history')();
    } catch (error) {
      metadataFailure = { error };
    }
    await this.store.shutdownThread(this.threadId);
    if (metadataFailure) throw metadataFailure.error;
  }

  /**
   * Releases the writer without forcing anything. Metadata writes already
   * started or queued finish first, so none lands after the discard; nothing
   * else pending is written, and failures are not reported.
   */
  async discard(): Promise<void> {
    await this.#barrier('in-flight')();
    await this.store.discardThread(this.threadId);
  }

  /** Writes every pending patch, then applies `patch` as given and returns the thread. */
  async updateMetadata(
    patch: ThreadMetadataPatch,
    options: { includeArchived?: boolean } = {},
  ): Promise<StoredThread> {
    await this.#barrier('all')();
    return this.store.updateThreadMetadata({
      threadId: this.threadId,
      patch,
      includeArchived: options.includeArchived ?? false,
    });
  }

  /** The persisted history, from the store as it is now. */
  loadHistory(options: { includeArchived?: boolean } = {}): Promise<StoredThreadHistory> {
    return this.store.loadHistory({ threadId: this.threadId, includeArchived: options.includeArchived ?? false });
  }

  /** The thread as the store has it now; call `flush` first to include metadata still being written. */
  readThread(options: { includeArchived?: boolean; includeHistory?: boolean } = {}): Promise<StoredThread> {
    return this.store.readThread({
      threadId: this.threadId,
      includeArchived: options.includeArchived ?? false,
      includeHistory: options.includeHistory ?? false,
    });
  }
}
