import type { EncodedItem } from '../rows/history-lines';
import type { ThreadFields } from '../rows/thread-row';

/** A created thread that has nothing durable yet: what its first write will insert. */
export interface PendingThread {
  fields: ThreadFields;
  sessionMeta: EncodedItem;
}

interface QueuedAppend {
  items: EncodedItem[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Writes one batch of items (possibly none) to the thread: the store's write path. */
export type WriteHistory = (writer: LiveWriter, items: EncodedItem[]) => Promise<void>;

/**
 * This instance's live writer of one thread. Writes run one at a time in
 * call order; appends queued while a write is in flight go out together in
 * the next one, each resolving when its items are committed.
 *
 * Items are numbered on this side (`nextSeq`): the writer holds the thread's
 * lock, so nobody else numbers them, and a retried write can tell whether
 * its first attempt landed.
 */
export class LiveWriter {
  readonly threadId: string;
  /** The thread to insert on the first write, or null once it is durable. */
  pending: PendingThread | null;
  /** The seq the next item gets. */
  nextSeq: number;
  /**
   * Line sets that may sit at `nextSeq` onwards because a write failed
   * without knowing whether it committed. The next write accepts exactly one
   * of them (or nothing) there, and removes it: a failed append stores nothing.
   */
  uncertainTails: string[][] = [];
  /** The pending thread's row may already exist (an insert of it failed without an answer). */
  materializationUncertain = false;
  /** Set by discard and delete: queued and later writes fail. */
  closed = false;
  /** Set while shutdown, discard or delete is releasing the writer: no new operation may use it. */
  closing = false;

  readonly #write: WriteHistory;
  readonly #onClosedWrite: () => unknown;
  #queued: QueuedAppend[] = [];
  #drainScheduled = false;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(options: {
    threadId: string;
    pending: PendingThread | null;
    nextSeq: number;
    write: WriteHistory;
    /** The error a write on a closed writer fails with. */
    closedError: () => unknown;
  }) {
    this.threadId = options.threadId;
    this.pending = options.pending;
    this.nextSeq = options.nextSeq;
    this.#write = options.write;
    this.#onClosedWrite = options.closedError;
  }

  /** True when a failed write left an outcome to settle. */
  get hasUnsettledState(): boolean {
    return this.uncertainTails.length > 0 || this.materializationUncertain;
  }

  /** Runs `work` after every write queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(work, work);
    this.#chain = result.catch(() => undefined);
    return result;
  }

  /** Writes `items` (already filtered and encoded) after everything queued before; resolves once committed. */
  append(items: EncodedItem[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queued.push({ items, resolve, reject });
      if (this.#drainScheduled) return;
      this.#drainScheduled = true;
      void this.run(() => this.#drain());
    });
  }

  /** Materializes a pending thread (and settles what a failed write left), after everything queued. */
  materialize(): Promise<void> {
    return this.run(async () => {
      if (this.closed) throw this.#onClosedWrite();
      if (this.pending === null && !this.hasUnsettledState) return;
      await this.#write(this, []);
    });
  }

  /**
   * Waits for everything queued and settles what a failed write left. A
   * thread nothing was acknowledged for stays unmaterialized.
   */
  settle(): Promise<void> {
    return this.run(async () => {
      if (this.closed) throw this.#onClosedWrite();
      if (this.pending === null && this.hasUnsettledState) await this.#write(this, []);
    });
  }

  async #drain(): Promise<void> {
    this.#drainScheduled = false;
    const batch = this.#queued;
    this.#queued = [];
    try {
      if (this.closed) throw this.#onClosedWrite();
      await this.#write(
        this,
        batch.flatMap((queued) => queued.items),
      );
      for (const queued of batch) queued.resolve();
    } catch (error) {
      for (const queued of batch) queued.reject(error);
    }
  }
}
