import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import {
  type ThreadHistoryItem,
  ThreadHistoryItemsSchema,
  ThreadIdParamSchema,
  type ThreadMemoryMode,
  ThreadMemoryModeSchema,
} from './common';

/** Reopens an existing thread for appends (one live writer per thread). */
export interface ResumeThreadParams {
  threadId: string;
  /** A known local rollout file to append to (file stores only). */
  rolloutPath?: string | null;
  /** History the caller already loaded, so the store need not read it again. Never replaces stored history. */
  history?: ThreadHistoryItem[] | null;
  /** Whether an archived thread may be reopened (default false). */
  includeArchived?: boolean;
  /** Values for future writes; stores that do not need them ignore them. */
  cwd?: string | null;
  modelProvider?: string | null;
  memoryMode?: ThreadMemoryMode | null;
}

export interface ParsedResumeThreadParams {
  threadId: ThreadId;
  rolloutPath: string | null;
  history: ThreadHistoryItem[] | null;
  includeArchived: boolean;
  cwd: string | null;
  modelProvider: string | null;
  memoryMode: ThreadMemoryMode | null;
}

export const ResumeThreadParamsSchema: z.ZodType<ParsedResumeThreadParams, ResumeThreadParams> = z.object({
  threadId: ThreadIdParamSchema,
  rolloutPath: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  history: ThreadHistoryItemsSchema.nullish().transform((v) => v ?? null),
  includeArchived: z.boolean().default(false),
  cwd: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  modelProvider: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  memoryMode: ThreadMemoryModeSchema.nullish().transform((v) => v ?? null),
});
