import type {
  AskForApproval,
  HistoryMode,
  MemoryMode,
  ReasoningEffort,
  SessionSource,
  ThreadId,
  ThreadSource,
  TokenUsage,
} from '@threadkit/protocol';

/** A point in time: a `Date` or epoch milliseconds. Stored as epoch milliseconds. */
export type Timestamp = Date | number;

/** What the index remembers of a rollout file, so a reconcile pass can tell whether it changed. */
export interface RolloutFileStat {
  sizeBytes: number;
  mtimeMs: number;
}

/** Git facts of a thread's cwd. Reported as `null` on the row when all three are unknown. */
export interface IndexedGitInfo {
  commitHash: string | null;
  branch: string | null;
  repositoryUrl: string | null;
}

/**
 * One thread as the index holds it: the StoredThread fields (DESIGN §6) plus
 * what the index keeps for itself (`title`, `sourceLabel`, `rolloutFile`).
 * Values are literal: `null` means "not recorded", never a guessed default;
 * the store above applies its defaults (e.g. the default model provider).
 */
export interface IndexedThread {
  threadId: ThreadId;
  rolloutPath: string;
  rolloutFile: RolloutFileStat | null;
  forkedFromId: ThreadId | null;
  parentThreadId: ThreadId | null;
  /** `''` when the thread has no preview yet; such threads are not listed. */
  preview: string;
  /** The explicit, user-given name. */
  name: string | null;
  /** The title derived from history, kept apart from the explicit name. */
  title: string | null;
  modelProvider: string | null;
  model: string | null;
  reasoningEffort: ReasoningEffort | null;
  createdAt: Date;
  updatedAt: Date;
  recencyAt: Date;
  /** Set iff the thread is archived. */
  archivedAt: Date | null;
  cwd: string;
  cliVersion: string;
  /** The original `session_meta.source` value, kept verbatim. */
  source: SessionSource;
  /** `sessionSourceLabel(source)`: what `allowedSources` filters compare. */
  sourceLabel: string;
  threadSource: ThreadSource | null;
  historyMode: HistoryMode | (string & {});
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  gitInfo: IndexedGitInfo | null;
  approvalMode: AskForApproval | null;
  /** Any JSON value, kept verbatim. */
  permissionProfile: unknown;
  tokenUsage: TokenUsage | null;
  firstUserMessage: string | null;
  memoryMode: MemoryMode | null;
}
