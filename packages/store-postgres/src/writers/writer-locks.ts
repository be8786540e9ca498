/**
 * One live writer per thread across processes. Each store instance holds
 * the locks of the threads it writes; another instance asking for the same
 * thread is refused until they are released (or their holder dies).
 */
export interface WriterLocks {
  /** Takes the thread's lock if nobody holds it; false when another holder has it. */
  tryAcquire(threadId: string): Promise<boolean>;
  /**
   * True when this instance still holds the lock. A lock lost with its
   * connection is taken again if it is free; false means someone else has it.
   */
  confirm(threadId: string): Promise<boolean>;
  /** Gives the lock up. Never fails: a lock whose connection is gone is already released. */
  release(threadId: string): Promise<void>;
  /** Releases every lock of this instance. */
  close(): Promise<void>;
}
