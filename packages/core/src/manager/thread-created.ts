import type { Thread } from '../thread/thread';

/** How a newly loaded thread came to be. */
export type ThreadOrigin = 'started' | 'resumed' | 'forked';

export interface ThreadCreatedEvent {
  threadId: string;
  origin: ThreadOrigin;
  thread: Thread;
}

export type ThreadCreatedListener = (event: ThreadCreatedEvent) => void;

/** Listeners of newly loaded threads. A throwing listener neither stops the others nor the manager. */
export class ThreadCreatedListeners {
  readonly #listeners = new Set<ThreadCreatedListener>();

  add(listener: ThreadCreatedListener): () => void {
    // Wrapped so the same function can subscribe twice and unsubscribe each independently.
    const entry: ThreadCreatedListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(event: ThreadCreatedEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
