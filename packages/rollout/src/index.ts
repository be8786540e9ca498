/**
 * @threadkit/rollout — the file layer of the thread store, on the same files
 * as the Codex CLI: paths and names, the recorder, the persistence policy, the
 * lenient reader, metadata extraction, file-scan listing, thread names,
 * archive moves and the single-writer lock.
 */
export { type RolloutErrorCode, RolloutError, isRolloutError } from './errors';
export {
  ARCHIVED_SESSIONS_DIR,
  SESSION_INDEX_FILE,
  SESSIONS_DIR,
  WRITER_LOCKS_DIR,
  archivedSessionsDir,
  resolveCodexHome,
  sessionIndexPath,
  sessionsDir,
  writerLockPath,
} from './home';
export {
  type RolloutFileName,
  type RolloutNameOptions,
  formatRolloutFileName,
  newRolloutPath,
  parseRolloutFileName,
  plainRolloutPath,
} from './file-name';
export {
  ALWAYS_PERSISTED_KINDS,
  LEGACY_COMPLETED_TURN_ITEMS,
  LEGACY_ONLY_EVENT_TYPES,
  OMITTED_INLINE_AUDIO,
  OMITTED_INLINE_IMAGE,
  PERSISTED_EVENT_TYPES,
  PERSISTED_RESPONSE_ITEM_TYPES,
  isPersistedItem,
  persistedRolloutItems,
  sanitizeForPersistence,
} from './policy';
export {
  type LineValidation,
  type ReadLine,
  type ReadRolloutOptions,
  type RolloutFileContents,
  type SkippedLineCounts,
  type SkippedLineKind,
  RolloutReader,
  readRolloutFile,
  totalSkipped,
} from './reader';
export { HEAD_LINE_LIMIT, HEAD_PREVIEW_EXTENSION, type ReadHeadOptions, type RolloutHead, readRolloutHead } from './head';
export { type RolloutTail, readRolloutTail } from './tail';
export { TAIL_WINDOW_BYTES } from './tail-window';
export { type LatestSessionMetas, readLatestSessionMetas } from './latest-session-meta';
export {
  IMAGE_ONLY_PREVIEW,
  USER_REQUEST_MARKER,
  goalPreview,
  isInjectedContextMessage,
  stripUserRequestMarker,
  userMessageEventPreview,
  userResponseItemPreview,
} from './preview';
export {
  type ObservedRecord,
  type ThreadFileMetadata,
  type ThreadGitInfo,
  type ThreadTokenUsage,
  ThreadMetadataExtractor,
  extractThreadMetadata,
} from './metadata';
export { type RolloutMetadataResult, readRolloutMetadata } from './read-metadata';
export { type FindRolloutOptions, type FoundRollout, findRollout, findRolloutPath } from './find';
export {
  type RolloutFileEntry,
  type ScannedRolloutFile,
  compareCanonicalRollouts,
  listRolloutFiles,
  scanRolloutFiles,
  statRolloutFiles,
} from './rollout-files';
export {
  type ExistingRolloutFile,
  type ResolvedRolloutFile,
  type RolloutFileStat,
  existingRolloutFile,
  resolveRolloutFile,
  statRolloutFile,
} from './resolve-file';
export { type WriterLockOwner, type WriterLockState, ThreadWriterLock, inspectWriterLock } from './writer-lock';
export {
  type AppendOptions,
  type CreateRecorderOptions,
  type RecorderOptions,
  type RecorderState,
  type ResumeRecorderOptions,
  RolloutRecorder,
  appendToRollout,
} from './recorder';
export {
  type RolloutListPosition,
  type RolloutSortKey,
  type SortDirection,
  decodeRolloutListCursor,
  encodeRolloutListCursor,
} from './cursor';
export {
  DEFAULT_MAX_FILES_SCANNED,
  DEFAULT_PAGE_SIZE,
  type ListRolloutsOptions,
  type ListedRollout,
  type RolloutPage,
  listRollouts,
} from './listing';
export {
  MAX_THREAD_NAME_LENGTH,
  type AppendedThreadName,
  type ThreadNameEntry,
  type ThreadNameLinePlacement,
  appendThreadName,
  findThreadIdsByName,
  parseThreadNameLine,
  readThreadName,
  readThreadNames,
  removeThreadNameEntries,
} from './session-index';
export { type MoveRolloutOptions, type MovedRollout, archiveRollout, deleteRolloutFiles, unarchiveRollout } from './archive';
