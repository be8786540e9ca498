import type {
  AskForApproval,
  HistoryMode,
  ReasoningEffort,
  SessionSource,
  ThreadId,
  ThreadSource,
  TokenUsage,
} from '@threadkit/protocol';
import {
  AskForApprovalParamSchema,
  HistoryModeParamSchema,
  ReasoningEffortParamSchema,
  SessionSourceParamSchema,
  TokenUsageParamSchema,
} from './protocol-schemas';
import { z } from 'zod';
import {
  type StoredGitInfo,
  StoredGitInfoSchema,
  type ThreadHistoryItem,
  ThreadHistoryItemsSchema,
  ThreadIdParamSchema,
  type ThreadMemoryMode,
  ThreadMemoryModeSchema,
  TimestampSchema,
} from './common';

/** Every persisted item of one thread, in replay order. */
export interface StoredThreadHistory {
  threadId: ThreadId;
  items: ThreadHistoryItem[];
}

export const StoredThreadHistorySchema: z.ZodType<StoredThreadHistory> = z.object({
  threadId: ThreadIdParamSchema,
  items: ThreadHistoryItemsSchema,
});

/**
 * What a store knows about one thread. `null` means the store has no value
 * for the field (it never invents one); timestamps are Dates.
 */
export interface StoredThread {
  threadId: ThreadId;
  /** The local rollout file (logical `.jsonl` path); `null` for stores without files. */
  rolloutPath: string | null;
  /** The thread this one was forked from. */
  forkedFromId: ThreadId | null;
  /** The parent of a sub-agent thread. */
  parentThreadId: ThreadId | null;
  /** Best user-facing preview (usually the first user message); `''` when there is none yet. */
  preview: string;
  /** User-facing name. */
  name: string | null;
  modelProvider: string;
  /** Latest observed model. */
  model: string | null;
  /** Latest observed reasoning effort. */
  reasoningEffort: ReasoningEffort | null;
  createdAt: Date;
  updatedAt: Date;
  /** Product recency: moved only forward (by turn starts). */
  recencyAt: Date;
  /** Set iff the thread is archived. */
  archivedAt: Date | null;
  cwd: string;
  cliVersion: string;
  source: SessionSource;
  threadSource: ThreadSource | null;
  historyMode: HistoryMode;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  gitInfo: StoredGitInfo | null;
  approvalMode: AskForApproval | null;
  /** Canonical runtime permissions as last observed (a JSON value), `null` when never observed. */
  permissionProfile: unknown;
  tokenUsage: TokenUsage | null;
  firstUserMessage: string | null;
  memoryMode: ThreadMemoryMode;
  /** Present only when the read asked for it. */
  history?: StoredThreadHistory;
}

export const StoredThreadSchema: z.ZodType<StoredThread> = z.object({
  threadId: ThreadIdParamSchema,
  rolloutPath: z.string().nullable(),
  forkedFromId: ThreadIdParamSchema.nullable(),
  parentThreadId: ThreadIdParamSchema.nullable(),
  preview: z.string(),
  name: z.string().nullable(),
  modelProvider: z.string(),
  model: z.string().nullable(),
  reasoningEffort: ReasoningEffortParamSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  recencyAt: TimestampSchema,
  archivedAt: TimestampSchema.nullable(),
  cwd: z.string(),
  cliVersion: z.string(),
  source: SessionSourceParamSchema,
  threadSource: z.string().nullable(),
  historyMode: HistoryModeParamSchema,
  agentNickname: z.string().nullable(),
  agentRole: z.string().nullable(),
  agentPath: z.string().nullable(),
  gitInfo: StoredGitInfoSchema.nullable(),
  approvalMode: AskForApprovalParamSchema.nullable(),
  permissionProfile: z.unknown(),
  tokenUsage: TokenUsageParamSchema.nullable(),
  firstUserMessage: z.string().nullable(),
  memoryMode: ThreadMemoryModeSchema,
  history: StoredThreadHistorySchema.optional(),
});
