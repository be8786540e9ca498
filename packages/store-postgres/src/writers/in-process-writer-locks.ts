import type { WriterLocks } from './writer-locks';

// One registry per database object: every store instance opened on the same
// PGlite shares it, the way processes share a server's advisory locks.
const registries = new WeakMap<object, Map<string, InProcessWriterLocks>>();

/**
 * Writer locks for an embedded database that only one process can open
 * (PGlite). Advisory locks cannot tell store instances apart there: they all
 * share PGlite's single session, where advisory locks are re-entrant.
 */
export class InProcessWriterLocks implements WriterLocks {
  readonly #holders: Map<string, InProcessWriterLocks>;
  readonly #namespace: string;
  readonly #held = new Set<string>();

  constructor(database: object, namespace: string) {
    let holders = registries.get(database);
    if (!holders) {
      holders = new Map();
      registries.set(database, holders);
    }
    this.#holders = holders;
    this.#namespace = namespace;
  }

  async tryAcquire(threadId: string): Promise<boolean> {
    const key = this.#key(threadId);
    const holder = this.#holders.get(key);
    if (holder !== undefined && holder !== this) return false;
    this.#holders.set(key, this);
    this.#held.add(threadId);
    return true;
  }

  async confirm(threadId: string): Promise<boolean> {
    return this.#holders.get(this.#key(threadId)) === this;
  }

  async release(threadId: string): Promise<void> {
    const key = this.#key(threadId);
    if (this.#holders.get(key) === this) this.#holders.delete(key);
    this.#held.delete(threadId);
  }

  async close(): Promise<void> {
    for (const threadId of [...this.#held]) await this.release(threadId);
  }

  #key(threadId: string): string {
    return `${this.#namespace}\u0000${threadId}`;
  }
}
