/**
 * @threadkit/thread-store — the store boundary: the ThreadStore interface,
 * its params and result types with zod schemas, ThreadStoreError, metadata
 * patches, list cursors and InMemoryThreadStore. The conformance suite for
 * third-party stores is the `@threadkit/thread-store/conformance` subpath.
 */
export { decodeThreadListCursor, encodeThreadListCursor, type ThreadListCursor } from './cursor';
export { InMemoryThreadBackend } from './in-memory/in-memory-backend';
export { InMemoryThreadStore, type InMemoryThreadStoreOptions } from './in-memory/in-memory-thread-store';
export {
  isThreadStoreError,
  THREAD_STORE_ERROR_CODES,
  ThreadStoreError,
  type ThreadStoreErrorCode,
  type ThreadStoreErrorOptions,
} from './errors';
export {
  parseAppendThreadItemsParams,
  parseArchiveThreadParams,
  parseCreateThreadParams,
  parseDeleteThreadParams,
  parseListItemsParams,
  parseListThreadsParams,
  parseListTurnsParams,
  parseLoadThreadHistoryParams,
  parseReadThreadByRolloutPathParams,
  parseReadThreadParams,
  parseResumeThreadParams,
  parseSearchThreadsParams,
  parseThreadId,
  parseThreadMetadataPatch,
  parseUnarchiveThreadParams,
  parseUpdateThreadMetadataParams,
} from './parse-params';
export { agentIdentityForNewThread, sessionMetaForNewThread } from './session-meta-for-new-thread';
// Rules every store applies the same way, shared so third-party stores agree with the ones here.
export { type StoredThreadFields, storedFieldsForNewThread } from './new-thread-fields';
export { type ThreadNameSources, threadDisplayName } from './display-name';
export { searchableTexts, snippetAround } from './search-text';
export { cwdFilterKey } from './cwd-filter-key';
// The persistence policy every store applies in appendItems, re-exported so third-party
// stores keep exactly the records the local store keeps.
export { isPersistedItem, persistedRolloutItems, sanitizeForPersistence } from '@threadkit/rollout';
export {
  type OptionalThreadStoreOperation,
  optionalOperation,
  supportsOperation,
  THREAD_STORE_API_VERSION,
  type ThreadStore,
  type ThreadStoreCapabilities,
} from './thread-store';
export {
  type AppendThreadItemsParams,
  AppendThreadItemsParamsSchema,
  type ParsedAppendThreadItemsParams,
} from './types/append-thread-items-params';
export {
  type ArchiveThreadParams,
  ArchiveThreadParamsSchema,
  type DeleteThreadParams,
  DeleteThreadParamsSchema,
  type ParsedThreadIdParams,
} from './types/archive-thread-params';
export {
  DEFAULT_PAGE_SIZE,
  PageSizeSchema,
  type SortDirection,
  SortDirectionSchema,
  type StoredGitInfo,
  StoredGitInfoSchema,
  THREAD_SORT_KEYS,
  type ThreadHistoryItem,
  ThreadHistoryItemSchema,
  ThreadHistoryItemsSchema,
  type ThreadMemoryMode,
  ThreadMemoryModeSchema,
  type ThreadSortKey,
  ThreadSortKeySchema,
} from './types/common';
export {
  type BaseInstructions,
  type CreateThreadGitInfo,
  type CreateThreadParams,
  CreateThreadParamsSchema,
  type ParsedCreateThreadParams,
} from './types/create-thread-params';
export {
  type ListThreadsParams,
  ListThreadsParamsSchema,
  type ParsedListThreadsParams,
  type ParsedThreadRelation,
  type ThreadPage,
  type ThreadRelation,
} from './types/list-threads-params';
export {
  type LoadThreadHistoryParams,
  LoadThreadHistoryParamsSchema,
  type ParsedLoadThreadHistoryParams,
  type ParsedReadThreadByRolloutPathParams,
  type ParsedReadThreadParams,
  type ReadThreadByRolloutPathParams,
  ReadThreadByRolloutPathParamsSchema,
  type ReadThreadParams,
  ReadThreadParamsSchema,
} from './types/read-thread-params';
export {
  type ParsedResumeThreadParams,
  type ResumeThreadParams,
  ResumeThreadParamsSchema,
} from './types/resume-thread-params';
export {
  type ParsedSearchThreadsParams,
  type SearchThreadsParams,
  SearchThreadsParamsSchema,
  type StoredThreadSearchResult,
  type ThreadSearchPage,
} from './types/search-threads-params';
export {
  type StoredThread,
  type StoredThreadHistory,
  StoredThreadHistorySchema,
  StoredThreadSchema,
} from './types/stored-thread';
export {
  type Clearable,
  type GitInfoPatch,
  GitInfoPatchSchema,
  isEmptyThreadMetadataPatch,
  mergeGitInfoPatch,
  mergeThreadMetadataPatch,
  THREAD_METADATA_PATCH_FIELDS,
  type ThreadMetadataPatch,
  ThreadMetadataPatchSchema,
} from './types/thread-metadata-patch';
export {
  type ItemPage,
  type ListItemsParams,
  ListItemsParamsSchema,
  type ListTurnsParams,
  ListTurnsParamsSchema,
  type ParsedListItemsParams,
  type ParsedListTurnsParams,
  type StoredThreadItem,
  type StoredTurn,
  type StoredTurnError,
  type StoredTurnItemsView,
  type StoredTurnStatus,
  type TurnPage,
} from './types/turn-pages';
export {
  type ParsedUpdateThreadMetadataParams,
  type UpdateThreadMetadataParams,
  UpdateThreadMetadataParamsSchema,
} from './types/update-thread-metadata-params';

// LiveThread: one active thread, with metadata derived from its appends.
export { DEFAULT_TOUCH_INTERVAL_MS, LiveThread, type LiveThreadOptions } from './live/live-thread';

// LocalThreadStore: threads as Codex rollout files in a Codex home, with an optional SQLite index.
export { type IndexProgress, LocalThreadStore, type LocalThreadStoreOptions } from './local/local-thread-store';
export type { HistoryLine } from './local/read-thread';
