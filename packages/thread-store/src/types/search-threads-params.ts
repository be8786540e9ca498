import type { SessionSource } from '@threadkit/protocol';
import { z } from 'zod';
import type { SortDirection, ThreadSortKey } from './common';
import type { StoredThread } from './stored-thread';
import { threadPageFieldSchemas } from './thread-page-fields';

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
  ...threadPageFieldSchemas,
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
