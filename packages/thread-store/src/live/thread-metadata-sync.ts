import type { ThreadId } from '@threadkit/protocol';
import type { ThreadHistoryItem } from '../types/common';
import {
  isEmptyThreadMetadataPatch,
  mergeThreadMetadataPatch,
  type ThreadMetadataPatch,
} from '../types/thread-metadata-patch';
import { affectsMetadata, hasMetadataFacts, startsTurn, ThreadMetadataObserver } from './thread-metadata-observer';

/** A patch waiting to be written, tagged with the generation it was taken at. */
export interface PendingMetadataUpdate {
  readonly patch: ThreadMetadataPatch;
  /** Applying this patch makes every generation up to this one durable. */
  readonly generation: number;
}

export interface ThreadMetadataSyncOptions {
  now: () => Date;
  /** A touch (an `updatedAt`-only change) is written at most once per this many milliseconds. */
  touchIntervalMs: number;
}

/**
 * The metadata side of one live thread: the patch that is not durable yet
 * and when it should be written.
 *
 * Every observation is merged into a single pending patch and bumps its
 * generation. The pending patch is only cleared once the store has applied
 * the generation it was taken at, so a patch that failed, or that was taken
 * while newer observations arrived, is written again together with them.
 * Pure bookkeeping: it never calls the store.
 */
export class ThreadMetadataSync {
  readonly #observer: ThreadMetadataObserver;
  readonly #options: ThreadMetadataSyncOptions;
  #pending: ThreadMetadataPatch | undefined;
  #generation = 0;
  #appliedGeneration = 0;
  #lastTouchWrittenAt: number | undefined;
  // A created thread has nothing to attach metadata to until history exists.
  #deferUntilHistoryExists = false;
  // Facts observed while resuming are only written along with the first append.
  #deferUntilAppend = false;

  private constructor(observer: ThreadMetadataObserver, options: ThreadMetadataSyncOptions) {
    this.#observer = observer;
    this.#options = options;
  }

  /** For a new thread: the creation facts are pending, held back until history exists. */
  static forCreate(threadId: ThreadId, createPatch: ThreadMetadataPatch, options: ThreadMetadataSyncOptions) {
    const cwdSeen = createPatch.cwd !== undefined && createPatch.cwd !== '';
    const sync = new ThreadMetadataSync(new ThreadMetadataObserver(threadId, { cwd: cwdSeen }), options);
    sync.#merge(createPatch);
    sync.#deferUntilHistoryExists = true;
    return sync;
  }

  /**
   * For a resumed thread: what its history implies (without a touch) is
   * pending until the first append, so resuming alone writes nothing.
   */
  static forResume(threadId: ThreadId, history: readonly ThreadHistoryItem[], options: ThreadMetadataSyncOptions) {
    const sync = new ThreadMetadataSync(new ThreadMetadataObserver(threadId), options);
    sync.#merge(sync.#observer.observe(history));
    sync.#deferUntilAppend = true;
    return sync;
  }

  /** The latest generation: every observation so far is covered once it is applied. */
  get generation(): number {
    return this.#generation;
  }

  /** True when nothing up to `generation` is still waiting to be written. */
  isAppliedThrough(generation: number): boolean {
    return this.#pending === undefined || this.#appliedGeneration >= generation;
  }

  /**
   * Observes items the store accepted (already filtered by the persistence
   * policy). Returns the update to write now, or undefined when the only
   * change is a touch that arrived within the touch interval of the last
   * written one: it stays pending for the next write or barrier.
   */
  observeAppendedItems(items: readonly ThreadHistoryItem[]): PendingMetadataUpdate | undefined {
    this.#deferUntilHistoryExists = false;
    this.#deferUntilAppend = false;
    const now = this.#options.now();
    const affects = items.some(affectsMetadata);
    const patch: ThreadMetadataPatch = affects ? this.#observer.observe(items) : {};
    patch.updatedAt = now;
    if (items.some(startsTurn)) patch.advanceRecencyAt = now;
    this.#merge(patch);
    if (!affects && this.#touchIsRecent(now) && !hasMetadataFacts(this.#pending ?? {})) return undefined;
    return this.pendingUpdate();
  }

  /** A copy of the pending patch (it stays pending until marked applied). */
  pendingUpdate(): PendingMetadataUpdate | undefined {
    if (this.#pending === undefined) return undefined;
    return { patch: { ...this.#pending }, generation: this.#generation };
  }

  /** The pending patch, unless it is held back because the thread has no history of its own yet. */
  pendingUpdateForExistingHistory(): PendingMetadataUpdate | undefined {
    if (this.#deferUntilHistoryExists || this.#deferUntilAppend) return undefined;
    return this.pendingUpdate();
  }

  /** Records that the store applied `update`; clears the pending patch unless newer observations arrived. */
  markApplied(update: PendingMetadataUpdate): void {
    if (update.generation > this.#appliedGeneration) this.#appliedGeneration = update.generation;
    if (update.generation === this.#generation) this.#pending = undefined;
    if (update.patch.updatedAt !== undefined) this.#lastTouchWrittenAt = this.#options.now().getTime();
  }

  #merge(patch: ThreadMetadataPatch): void {
    if (isEmptyThreadMetadataPatch(patch)) return;
    this.#pending = this.#pending === undefined ? { ...patch } : mergeThreadMetadataPatch(this.#pending, patch);
    this.#generation += 1;
  }

  #touchIsRecent(now: Date): boolean {
    if (this.#lastTouchWrittenAt === undefined) return false;
    return now.getTime() - this.#lastTouchWrittenAt < this.#options.touchIntervalMs;
  }
}
