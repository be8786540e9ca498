import type { SessionSource } from '@threadkit/protocol';
import { SessionSourceParamSchema } from './protocol-schemas';
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  PageSizeSchema,
  type SortDirection,
  SortDirectionSchema,
  type ThreadSortKey,
  ThreadSortKeySchema,
} from './common';
import type { StoredThread } from './stored-thread';

/** Searches thread metadata and message content; results are sorted and paged like a listing. */
export interface SearchThreadsParams {
  /** The text to find (required, non-empty). */
  searchTerm: string;
  pageSize?: number;
  cursor?: string | null;
  sortKey?: ThreadSortKey;
  sortDirection?: SortDirection;
  allowedSources?: SessionSource[];
  /** Search the archived collection instead of the active one (default false). */
  archived?: boolean;
}

export interface ParsedSearchThreadsParams {
  searchTerm: string;
  pageSize: number;
  cursor: string | null;
  sortKey: ThreadSortKey;
  sortDirection: SortDirection;
  allowedSources: SessionSource[];
  archived: boolean;
}

export const SearchThreadsParamsSchema: z.ZodType<ParsedSearchThreadsParams, SearchThreadsParams> = z.object({
  searchTerm: z.string().refine((v) => v.trim().length > 0, 'searchTerm must not be empty'),
  pageSize: PageSizeSchema.default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  sortKey: ThreadSortKeySchema.default('created_at'),
  sortDirection: SortDirectionSchema.default('desc'),
  allowedSources: z.array(SessionSourceParamSchema).default([]),
  archived: z.boolean().default(false),
});

/** One hit: the thread and a short excerpt around the match. */
export interface StoredThreadSearchResult {
  thread: StoredThread;
  snippet: string;
}

export interface ThreadSearchPage {
  items: StoredThreadSearchResult[];
  nextCursor: string | null;
}
