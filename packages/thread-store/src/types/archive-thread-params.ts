import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import { ThreadIdParamSchema } from './common';

/** Names the thread to archive or unarchive. */
export interface ArchiveThreadParams {
  threadId: string;
}

/** Names the thread to delete for good. */
export interface DeleteThreadParams {
  threadId: string;
}

export interface ParsedThreadIdParams {
  threadId: ThreadId;
}

export const ArchiveThreadParamsSchema: z.ZodType<ParsedThreadIdParams, ArchiveThreadParams> = z.object({
  threadId: ThreadIdParamSchema,
});

export const DeleteThreadParamsSchema: z.ZodType<ParsedThreadIdParams, DeleteThreadParams> = z.object({
  threadId: ThreadIdParamSchema,
});
