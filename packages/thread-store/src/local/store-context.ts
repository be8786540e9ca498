import type { ThreadId } from '@threadkit/protocol';
import { archivedSessionsDir, type RolloutRecorder, sessionsDir, type ThreadWriterLock } from '@threadkit/rollout';
import type { IndexHandle, IndexProgress } from './index-handle';
import type { NameBook } from './name-book';

/** One thread this store instance is writing. */
export interface LiveWriter {
  threadId: ThreadId;
  recorder: RolloutRecorder;
  /**
   * The cross-process writer lock of a created thread, taken when its file
   * materializes (a resumed thread's recorder holds its own lock).
   */
  lock: ThreadWriterLock | undefined;
  /** The rollout file exists (created by this writer, or resumed). */
  materialized: boolean;
  /** Items wait in the recorder for the file to materialize. */
  hasDeferredItems: boolean;
  materializing: Promise<void> | undefined;
}

/** What every store operation works with. */
export interface LocalStoreContext {
  /** Absolute Codex home. */
  readonly home: string;
  readonly sessionsDir: string;
  readonly archivedDir: string;
  readonly defaultModelProvider: string;
  /** Undefined with `index: 'none'`. */
  readonly index: IndexHandle | undefined;
  readonly names: NameBook;
  readonly writers: Map<ThreadId, LiveWriter>;
  /** Rollouts this instance wrote or moved since the index last looked at them (logical paths). */
  readonly touchedFiles: Set<string>;
  readonly reconcileIntervalMs: number;
  lastFullScanAt: number | undefined;
  /** The NameBook generation whose names are on the index rows. */
  namesSyncedGeneration: number;
  readonly onIndexProgress: ((progress: IndexProgress) => void) | undefined;
  readonly onIndexError: (error: Error) => void;
}

export function newStoreContext(options: {
  home: string;
  defaultModelProvider: string;
  index: IndexHandle | undefined;
  names: NameBook;
  reconcileIntervalMs: number;
  onIndexProgress: ((progress: IndexProgress) => void) | undefined;
  onIndexError: (error: Error) => void;
}): LocalStoreContext {
  return {
    ...options,
    sessionsDir: sessionsDir(options.home),
    archivedDir: archivedSessionsDir(options.home),
    writers: new Map(),
    touchedFiles: new Set(),
    lastFullScanAt: undefined,
    namesSyncedGeneration: -1,
  };
}
