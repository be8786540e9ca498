import type { ThreadStore } from '../thread-store';

/** What `create` returns: a fresh, empty store, and optionally a second instance on the same backend. */
export interface ThreadStoreConformanceTarget {
  store: ThreadStore;
  /**
   * Opens another store instance on the same backend (another process on the
   * same home or database). Required when `capabilities.sharedBackend`.
   */
  openSecondInstance?: () => ThreadStore | Promise<ThreadStore>;
  /** Releases everything the target holds (temp directories, connections). */
  cleanup?: () => void | Promise<void>;
}

/** What the suite may rely on. Unflagged optional operations must answer `unsupported`. */
export interface ThreadStoreConformanceCapabilities {
  /** The store implements `searchThreads`. */
  searchThreads?: boolean;
  /** The store implements `listTurns`. */
  listTurns?: boolean;
  /** The store implements `listItems`. */
  listItems?: boolean;
  /** The store implements `readThreadByRolloutPath` (stores with rollout files). */
  readThreadByRolloutPath?: boolean;
  /** `openSecondInstance` is provided: runs the race group. */
  sharedBackend?: boolean;
  /**
   * Metadata changes only through patches (default true). A file-only store
   * that derives metadata from history on read sets this to false, which
   * skips the checks that need forced timestamps or observed-fact patches.
   */
  metadataFromPatchesOnly?: boolean;
  /**
   * The store applies the default-provider rule when `modelProviders` is
   * absent, using the `defaultModelProvider` given to `create` (default true).
   */
  defaultModelProviderRule?: boolean;
}

export interface ThreadStoreConformanceCreateContext {
  /** The provider the store must treat as its default (for the `modelProviders` default rule). */
  defaultModelProvider: string;
}

export interface ThreadStoreConformanceOptions {
  /** Shown in the describe block: `ThreadStore conformance: <name>`. */
  name: string;
  /** Returns a fresh, empty store for each test. */
  create: (
    context: ThreadStoreConformanceCreateContext,
  ) => ThreadStoreConformanceTarget | Promise<ThreadStoreConformanceTarget>;
  capabilities?: ThreadStoreConformanceCapabilities;
  /** Per-test timeout for the slower groups (pagination, races). Default 60 s. */
  slowTestTimeoutMs?: number;
}

/** Handed to each group: the current test's store and the resolved capabilities. */
export interface SuiteContext {
  readonly capabilities: Required<ThreadStoreConformanceCapabilities>;
  readonly defaultModelProvider: string;
  readonly slowTestTimeoutMs: number;
  store(): ThreadStore;
  target(): ThreadStoreConformanceTarget;
}
