/**
 * @threadkit/state — threadkit's SQLite index over rollouts: thread rows,
 * keyset pages, full-text search, opt-in message search, and the bookkeeping
 * for backfill and reconcile. Derived and rebuildable; depends on
 * @threadkit/protocol only.
 */
export type { MarkArchivedParams, MarkUnarchivedParams } from './archive-thread';
export {
  type BackfillClaim,
  type BackfillProgress,
  type BackfillState,
  type BackfillStatus,
  type ClaimBackfillOptions,
  DEFAULT_BACKFILL_LEASE_MS,
} from './backfill-ledger';
export type { SortDirection, ThreadSortKey } from './cursor';
export { STATE_DB_FILE_NAME, setAsideDatabaseFile, stateDbPath } from './database-file';
export type { DiffRolloutFilesOptions, RolloutFileState, RolloutFilesDiff } from './diff-rollout-files';
export { isStateError, StateError, type StateErrorCode } from './errors';
export type { IndexedGitInfo, IndexedThread, RolloutFileStat, Timestamp } from './indexed-thread';
export {
  DEFAULT_PAGE_SIZE,
  type ListIndexedThreadsParams,
  MAX_PAGE_SIZE,
  type PagePosition,
  type ThreadRelation,
} from './list-params';
export type { ThreadIndexPage } from './list-threads';
export { SCHEMA_VERSION } from './migrations/index';
export { DEFAULT_BUSY_TIMEOUT_MS } from './open-database';
export type {
  SearchIndexedThreadsParams,
  SnippetOptions,
  ThreadSearchHit,
  ThreadSearchPage,
} from './search-threads';
export type { SharedThreadFields } from './thread-fields';
export type { IndexedThreadInput } from './thread-input';
export { type IndexedMessage, MAX_MESSAGES_PER_THREAD } from './thread-messages';
export type { ThreadIndexPatch } from './thread-patch';
export {
  DEFAULT_MODEL_PROVIDER,
  type IntegrityReport,
  type ReplacedIndexFile,
  type ThreadCounts,
  ThreadIndex,
  type ThreadIndexOptions,
} from './thread-index';
