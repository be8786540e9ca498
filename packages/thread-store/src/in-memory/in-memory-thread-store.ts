import type { ThreadId } from '@threadkit/protocol';
import { ThreadStoreError } from '../errors';
import { persistedRolloutItems } from '@threadkit/rollout';
import {
  parseAppendThreadItemsParams,
  parseArchiveThreadParams,
  parseCreateThreadParams,
  parseDeleteThreadParams,
  parseListThreadsParams,
  parseLoadThreadHistoryParams,
  parseReadThreadParams,
  parseResumeThreadParams,
  parseSearchThreadsParams,
  parseThreadId,
  parseUnarchiveThreadParams,
  parseUpdateThreadMetadataParams,
} from '../parse-params';
import { sessionMetaForNewThread } from '../session-meta-for-new-thread';
import { THREAD_STORE_API_VERSION, type ThreadStore, type ThreadStoreCapabilities } from '../thread-store';
import type { AppendThreadItemsParams } from '../types/append-thread-items-params';
import type { ArchiveThreadParams, DeleteThreadParams } from '../types/archive-thread-params';
import type { CreateThreadParams } from '../types/create-thread-params';
import type { ListThreadsParams, ThreadPage } from '../types/list-threads-params';
import type { LoadThreadHistoryParams, ReadThreadParams } from '../types/read-thread-params';
import type { ResumeThreadParams } from '../types/resume-thread-params';
import type { SearchThreadsParams, ThreadSearchPage } from '../types/search-threads-params';
import type { StoredThread, StoredThreadHistory } from '../types/stored-thread';
import type { UpdateThreadMetadataParams } from '../types/update-thread-metadata-params';
import { applyThreadMetadataPatch } from './apply-metadata-patch';
import { InMemoryThreadBackend, type WriterLease } from './in-memory-backend';
import { listThreadRecords } from './list-threads';
import { searchThreadRecords } from './search-threads';
import { newThreadRecord, storedThreadFromRecord, type ThreadRecord } from './thread-record';

export interface InMemoryThreadStoreOptions {
  /** Share durable state with other instances (like processes sharing a database). Default: a new backend. */
  backend?: InMemoryThreadBackend;
  /** The provider `listThreads` keeps when `modelProviders` is absent. Default: none (every provider). */
  defaultModelProvider?: string;
  /** Clock for created, archived and materialization times. Default: `new Date()`. */
  now?: () => Date;
}

/**
 * A complete ThreadStore with no I/O, for tests and demos: lazy creation,
 * the persistence policy, every list filter, sort and keyset cursor, search,
 * literal patches, archive and delete, one live writer per thread.
 *
 * Every operation validates its input and then changes state synchronously
 * in one step, so concurrent calls apply in call order and a failed call
 * changes nothing.
 */
export class InMemoryThreadStore implements ThreadStore {
  readonly apiVersion = THREAD_STORE_API_VERSION;
  readonly capabilities: ThreadStoreCapabilities = {
    searchThreads: true,
    listTurns: false,
    listItems: false,
    sharedBackend: true,
    rolloutFiles: false,
    readThreadByRolloutPath: false,
  };
  /** The durable state; pass it to another instance to share it. */
  readonly backend: InMemoryThreadBackend;
  readonly #defaultModelProvider: string | undefined;
  readonly #now: () => Date;

  constructor(options: InMemoryThreadStoreOptions = {}) {
    this.backend = options.backend ?? new InMemoryThreadBackend();
    this.#defaultModelProvider = options.defaultModelProvider;
    this.#now = options.now ?? (() => new Date());
  }

  async createThread(params: CreateThreadParams): Promise<void> {
    const parsed = parseCreateThreadParams(params);
    if (parsed.historyMode === 'paginated') {
      throw ThreadStoreError.unsupported('paginated_threads', { threadId: parsed.threadId });
    }
    this.#assertNoWriter(parsed.threadId);
    if (this.backend.threads.has(parsed.threadId)) {
      throw ThreadStoreError.conflict(`thread ${parsed.threadId} already exists`, { threadId: parsed.threadId });
    }
    const createdAt = parsed.createdAt ?? this.#now();
    const pending = newThreadRecord(parsed, createdAt, sessionMetaForNewThread(parsed, createdAt));
    this.backend.writers.set(parsed.threadId, { owner: this, pending });
  }

  async resumeThread(params: ResumeThreadParams): Promise<void> {
    const parsed = parseResumeThreadParams(params);
    if (parsed.rolloutPath !== null) {
      throw ThreadStoreError.invalidRequest(
        'resumeThread: the in-memory store has no rollout files; resume by threadId',
        {
          field: 'rolloutPath',
          threadId: parsed.threadId,
        },
      );
    }
    this.#assertNoWriter(parsed.threadId);
    this.#durableRecord(parsed.threadId, parsed.includeArchived);
    this.backend.writers.set(parsed.threadId, { owner: this, pending: null });
  }

  async appendItems(params: AppendThreadItemsParams): Promise<void> {
    const parsed = parseAppendThreadItemsParams(params);
    const lease = this.#ownLease('appendItems', parsed.threadId);
    const kept = persistedRolloutItems(parsed.items);
    if (kept.length === 0) return;
    // Copied on the way in: a caller mutating its objects later must not rewrite history.
    this.#materialize(parsed.threadId, lease).history.push(...structuredClone(kept));
  }

  async persistThread(threadId: string): Promise<void> {
    const id = parseThreadId('persistThread', threadId);
    this.#materialize(id, this.#ownLease('persistThread', id));
  }

  async flushThread(threadId: string): Promise<void> {
    // Appends are durable when they resolve; flushing only checks the writer is live.
    const id = parseThreadId('flushThread', threadId);
    this.#ownLease('flushThread', id);
  }

  async shutdownThread(threadId: string): Promise<void> {
    const id = parseThreadId('shutdownThread', threadId);
    this.#ownLease('shutdownThread', id);
    this.backend.writers.delete(id);
  }

  async discardThread(threadId: string): Promise<void> {
    const id = parseThreadId('discardThread', threadId);
    // Idempotent: only this instance's writer is released; a never-materialized thread leaves nothing behind.
    if (this.backend.writers.get(id)?.owner === this) this.backend.writers.delete(id);
  }

  async loadHistory(params: LoadThreadHistoryParams): Promise<StoredThreadHistory> {
    const parsed = parseLoadThreadHistoryParams(params);
    const record = this.#durableRecord(parsed.threadId, parsed.includeArchived);
    return { threadId: parsed.threadId, items: structuredClone(record.history) };
  }

  async readThread(params: ReadThreadParams): Promise<StoredThread> {
    const parsed = parseReadThreadParams(params);
    return storedThreadFromRecord(this.#durableRecord(parsed.threadId, parsed.includeArchived), parsed.includeHistory);
  }

  async listThreads(params: ListThreadsParams): Promise<ThreadPage> {
    const parsed = parseListThreadsParams(params);
    return listThreadRecords([...this.backend.threads.values()], parsed, this.#defaultModelProvider);
  }

  async searchThreads(params: SearchThreadsParams): Promise<ThreadSearchPage> {
    const parsed = parseSearchThreadsParams(params);
    return searchThreadRecords([...this.backend.threads.values()], parsed);
  }

  async updateThreadMetadata(params: UpdateThreadMetadataParams): Promise<StoredThread> {
    const parsed = parseUpdateThreadMetadataParams(params);
    let record = this.backend.threads.get(parsed.threadId);
    if (!record) {
      // A metadata write on a created thread with nothing durable yet materializes it first,
      // as persistThread would; on an unknown thread it creates nothing.
      const lease = this.backend.writers.get(parsed.threadId);
      if (!lease?.pending) throw ThreadStoreError.threadNotFound(parsed.threadId);
      record = this.#materialize(parsed.threadId, lease);
    }
    this.#assertVisible(record, parsed.includeArchived);
    applyThreadMetadataPatch(record, parsed.patch);
    return storedThreadFromRecord(record, false);
  }

  async archiveThread(params: ArchiveThreadParams): Promise<void> {
    const parsed = parseArchiveThreadParams(params);
    const record = this.#durableRecord(parsed.threadId, true);
    if (record.fields.archivedAt === null) record.fields.archivedAt = this.#now();
  }

  async unarchiveThread(params: ArchiveThreadParams): Promise<StoredThread> {
    const parsed = parseUnarchiveThreadParams(params);
    const record = this.#durableRecord(parsed.threadId, true);
    record.fields.archivedAt = null;
    return storedThreadFromRecord(record, false);
  }

  async deleteThread(params: DeleteThreadParams): Promise<void> {
    const parsed = parseDeleteThreadParams(params);
    const lease = this.backend.writers.get(parsed.threadId);
    if (lease && lease.owner !== this) {
      throw ThreadStoreError.conflict(`thread ${parsed.threadId} is being written by another store instance`, {
        threadId: parsed.threadId,
      });
    }
    // This instance's own writer goes with the thread: its next append finds no live writer.
    this.backend.writers.delete(parsed.threadId);
    if (!this.backend.threads.delete(parsed.threadId)) throw ThreadStoreError.threadNotFound(parsed.threadId);
  }

  #assertNoWriter(threadId: ThreadId): void {
    if (this.backend.writers.has(threadId)) {
      throw ThreadStoreError.conflict(`thread ${threadId} already has a live writer`, { threadId });
    }
  }

  #ownLease(operation: string, threadId: ThreadId): WriterLease {
    const lease = this.backend.writers.get(threadId);
    if (lease?.owner !== this) {
      throw ThreadStoreError.threadNotFound(
        threadId,
        `${operation} needs a live writer; create or resume the thread first`,
      );
    }
    return lease;
  }

  #materialize(threadId: ThreadId, lease: WriterLease): ThreadRecord {
    if (lease.pending) {
      this.backend.threads.set(threadId, lease.pending);
      lease.pending = null;
    }
    const record = this.backend.threads.get(threadId);
    if (!record) throw ThreadStoreError.internal(`thread ${threadId} has a live writer but no record`, { threadId });
    return record;
  }

  #durableRecord(threadId: ThreadId, includeArchived: boolean): ThreadRecord {
    const record = this.backend.threads.get(threadId);
    if (!record) throw ThreadStoreError.threadNotFound(threadId);
    this.#assertVisible(record, includeArchived);
    return record;
  }

  #assertVisible(record: ThreadRecord, includeArchived: boolean): void {
    if (record.fields.archivedAt !== null && !includeArchived) {
      throw ThreadStoreError.threadNotFound(
        record.fields.threadId,
        'it is archived (pass includeArchived to reach it)',
      );
    }
  }
}
