import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import { ThreadIdParamSchema } from './common';
import { type ThreadMetadataPatch, ThreadMetadataPatchSchema } from './thread-metadata-patch';

/** Applies a literal metadata patch and returns the updated thread. */
export interface UpdateThreadMetadataParams {
  threadId: string;
  patch: ThreadMetadataPatch;
  /** Whether an archived thread may be updated (default false). */
  includeArchived?: boolean;
}

export interface ParsedUpdateThreadMetadataParams {
  threadId: ThreadId;
  patch: ThreadMetadataPatch;
  includeArchived: boolean;
}

export const UpdateThreadMetadataParamsSchema: z.ZodType<ParsedUpdateThreadMetadataParams, UpdateThreadMetadataParams> =
  z.object({
    threadId: ThreadIdParamSchema,
    patch: ThreadMetadataPatchSchema,
    includeArchived: z.boolean().default(false),
  });
