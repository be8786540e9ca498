import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import { type ThreadHistoryItem, ThreadHistoryItemsSchema, ThreadIdParamSchema } from './common';

/**
 * Raw history to append to a live thread. The store applies the persistence
 * policy and never derives metadata from these items.
 */
export interface AppendThreadItemsParams {
  threadId: string;
  items: ThreadHistoryItem[];
}

export interface ParsedAppendThreadItemsParams {
  threadId: ThreadId;
  items: ThreadHistoryItem[];
}

export const AppendThreadItemsParamsSchema: z.ZodType<ParsedAppendThreadItemsParams, AppendThreadItemsParams> =
  z.object({
    threadId: ThreadIdParamSchema,
    items: ThreadHistoryItemsSchema,
  });
