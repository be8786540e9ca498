import { existsSync, statSync } from 'node:fs';
import { isStateError, setAsideDatabaseFile, StateError, stateDbPath, ThreadIndex } from '@threadkit/state';

const OPEN_RETRY_MS = 5000;

/** Progress of bringing the index in step with the rollouts (a rebuild, or new and changed files). */
export interface IndexProgress {
  /** `scan`: rollout files were listed and compared; `index`: changed files are being read into the index. */
  phase: 'scan' | 'index';
  /** Files handled so far in this phase. */
  done: number;
  /** Files this phase will handle. */
  total: number;
  /** True when the index was missing, new or set aside as corrupt and is being built from scratch. */
  rebuild: boolean;
}

export interface IndexHandleOptions {
  sqliteHome: string;
  /** The Codex home: when the index lives in it, the index waits for the home to exist rather than create it. */
  home: string;
  defaultModelProvider: string;
  /** Told about every index failure the store worked around. */
  onError: (error: Error) => void;
}

/**
 * The store's connection to its SQLite index, opened on first use. The index
 * is derived and optional: when it fails the store carries on with the files.
 * A corrupt file is set aside and a fresh one rebuilt from the rollouts; a
 * file deleted while open is noticed at the next full scan and rebuilt too.
 * An index written by a newer threadkit is left alone and not used.
 */
export class IndexHandle {
  private index: ThreadIndex | undefined;
  private unusable: StateError | undefined;
  private openedInode: number | undefined;
  private retryOpenAfter = 0;
  /** The next listing must compare every rollout with the index. */
  needsFullScan = true;
  /** The open index started empty (new, missing or replaced): the next full scan is a rebuild. */
  rebuilding = false;

  constructor(private readonly options: IndexHandleOptions) {}

  get path(): string {
    return stateDbPath(this.options.sqliteHome);
  }

  private inodeOfFile(): number | undefined {
    try {
      return statSync(this.path).ino;
    } catch {
      return undefined;
    }
  }

  private open(): ThreadIndex | undefined {
    if (this.index && !this.index.isClosed) return this.index;
    if (this.unusable || Date.now() < this.retryOpenAfter) return undefined;
    // An index in a home that does not exist yet would create the home: there is nothing to index anyway.
    if (this.options.sqliteHome === this.options.home && !existsSync(this.options.home)) return undefined;
    try {
      const existed = this.inodeOfFile() !== undefined;
      const { index, replaced } = ThreadIndex.openOrReplaceCorrupt({
        sqliteHome: this.options.sqliteHome,
        defaultModelProvider: this.options.defaultModelProvider,
      });
      if (replaced) this.options.onError(replaced.error);
      this.index = index;
      this.openedInode = this.inodeOfFile();
      const counts = index.countThreads();
      this.rebuilding = !existed || replaced !== undefined || counts.active + counts.archived === 0;
      this.needsFullScan = true;
      return index;
    } catch (error) {
      this.options.onError(error as Error);
      if (isStateError(error, 'newer_schema')) this.unusable = error;
      // Other failures (permissions, a full disk) may pass: try again a little later, not on every call.
      else this.retryOpenAfter = Date.now() + OPEN_RETRY_MS;
      return undefined;
    }
  }

  /** True when an index can be used (it may still fail later, and then be rebuilt). */
  get available(): boolean {
    return this.open() !== undefined;
  }

  /**
   * Runs `operation` on the index. Index failures are reported and answered
   * with undefined, so the caller falls back to the files; a corrupt index is
   * set aside on the spot. Bad input (`invalid_request`) is the caller's
   * mistake and is thrown.
   */
  use<T>(operation: (index: ThreadIndex) => T): T | undefined {
    const index = this.open();
    if (!index) return undefined;
    try {
      return operation(index);
    } catch (error) {
      if (isStateError(error, 'invalid_request')) throw error;
      this.options.onError(error as Error);
      if (isStateError(error, 'corrupt')) this.setAside();
      return undefined;
    }
  }

  /** Reopens (and so rebuilds) the index if its file was deleted or replaced under us. */
  checkFileStillThere(): void {
    if (!this.index || this.index.isClosed) return;
    const inode = this.inodeOfFile();
    if (inode !== undefined && inode === this.openedInode) return;
    this.close();
    this.options.onError(new StateError('internal', `the thread index ${this.path} was removed or replaced; rebuilding it`));
  }

  private setAside(): void {
    this.close();
    try {
      setAsideDatabaseFile(this.path);
    } catch (error) {
      this.options.onError(error as Error);
    }
  }

  close(): void {
    const index = this.index;
    this.index = undefined;
    try {
      index?.close();
    } catch (error) {
      this.options.onError(error as Error);
    }
  }
}
