import type { ThreadStore } from '@threadkit/thread-store';

/** How much of the home a command may change. */
export type StoreAccess =
  /** Listing and reading: nothing in the home is created or changed. */
  | 'read'
  /** Renames, archives, deletes: rollouts and names change, an existing index is kept in step. */
  | 'write'
  /** `threads index`: builds or brings the index up to date. */
  | 'index';

/** Progress of indexing a home, as the store reports it. */
export interface IndexProgress {
  /** `scan`: rollout files are listed and compared with the index; `index`: changed ones are read into it. */
  phase: 'scan' | 'index';
  /** Files handled so far in this phase. */
  done: number;
  /** Files this phase will handle. */
  total: number;
  /** The index is built from scratch (it was missing, empty or set aside as corrupt). */
  rebuild: boolean;
}

export interface OpenStoreOptions {
  home: string;
  access: StoreAccess;
  /** Called while the index is built (`access: 'index'`). */
  onIndexProgress?: (progress: IndexProgress) => void;
  /** Rebuild the index from the rollouts instead of updating it. */
  rebuildIndex?: boolean;
}

/** A store opened on a home, closed by the CLI when the command ends. */
export interface OpenedStore {
  store: ThreadStore;
  /** Whether listings are answered from an index (false: a file scan). */
  indexed: boolean;
  close(): Promise<void>;
}

export type StoreOpener = (options: OpenStoreOptions) => Promise<OpenedStore>;
