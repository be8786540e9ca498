import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import { ThreadIdParamSchema } from './common';

/** Loads every persisted item of a thread, in replay order. */
export interface LoadThreadHistoryParams {
  threadId: string;
  /** Whether an archived thread may be read (default false). */
  includeArchived?: boolean;
}

export interface ParsedLoadThreadHistoryParams {
  threadId: ThreadId;
  includeArchived: boolean;
}

export const LoadThreadHistoryParamsSchema: z.ZodType<ParsedLoadThreadHistoryParams, LoadThreadHistoryParams> =
  z.object({
    threadId: ThreadIdParamSchema,
    includeArchived: z.boolean().default(false),
  });

/** Reads one thread's metadata, optionally with its history. */
export interface ReadThreadParams {
  threadId: string;
  /** Whether an archived thread may be read (default false). */
  includeArchived?: boolean;
  /** Attach `history` to the result (default false). */
  includeHistory?: boolean;
}

export interface ParsedReadThreadParams {
  threadId: ThreadId;
  includeArchived: boolean;
  includeHistory: boolean;
}

export const ReadThreadParamsSchema: z.ZodType<ParsedReadThreadParams, ReadThreadParams> = z.object({
  threadId: ThreadIdParamSchema,
  includeArchived: z.boolean().default(false),
  includeHistory: z.boolean().default(false),
});

/**
 * Reads the thread a rollout file holds, addressed by the file's path (stores with
 * rollout files only). The thread is the one the file's session_meta names.
 */
export interface ReadThreadByRolloutPathParams {
  /** The rollout file; a relative path is taken relative to the store's home. */
  rolloutPath: string;
  /** Whether a file in the archive may be read (default false). */
  includeArchived?: boolean;
  /** Attach `history` to the result (default false). */
  includeHistory?: boolean;
}

export interface ParsedReadThreadByRolloutPathParams {
  rolloutPath: string;
  includeArchived: boolean;
  includeHistory: boolean;
}

export const ReadThreadByRolloutPathParamsSchema: z.ZodType<
  ParsedReadThreadByRolloutPathParams,
  ReadThreadByRolloutPathParams
> = z.object({
  rolloutPath: z
    .string()
    .min(1, 'must be a non-empty path')
    .refine((path) => !path.includes('\0'), 'must not contain NUL characters'),
  includeArchived: z.boolean().default(false),
  includeHistory: z.boolean().default(false),
});
