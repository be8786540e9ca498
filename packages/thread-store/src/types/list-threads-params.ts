import type { SessionSource, ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import { type SortDirection, ThreadIdParamSchema, type ThreadSortKey } from './common';
import type { StoredThread } from './stored-thread';
import { threadPageFieldSchemas } from './thread-page-fields';

/** Restricts a listing to the sub-agent tree of one thread (by `parentThreadId`). */
export type ThreadRelation =
  /** Threads whose parent is this thread. */
  | { directChildrenOf: string }
  /** Every thread below this one, at any depth (the thread itself excluded). */
  | { descendantsOf: string };

export type ParsedThreadRelation = { directChildrenOf: ThreadId } | { descendantsOf: ThreadId };

/**
 * A filtered, sorted, cursor-paged listing. Only threads with a non-empty
 * preview are listed (Codex's rule: a thread nobody spoke in yet is hidden).
 */
export interface ListThreadsParams {
  /** 1 to 10,000; default 25. */
  pageSize?: number;
  /** The `nextCursor` of the previous page, made with the same sort. */
  cursor?: string | null;
  /** Default `created_at`. */
  sortKey?: ThreadSortKey;
  /** Default `desc` (newest first). */
  sortDirection?: SortDirection;
  /** Only these sources; empty or absent = every source. */
  allowedSources?: SessionSource[];
  /**
   * Only these providers. Absent = the store's default rule (its default
   * provider, if it has one; threads without a provider count as the
   * default); `[]` = every provider.
   */
  modelProviders?: string[] | null;
  /** Only these working directories. Absent = every cwd; `[]` = nothing. */
  cwdFilters?: string[] | null;
  /** List the archived collection instead of the active one (default false). */
  archived?: boolean;
  /** Only threads whose name, title, preview or first user message contain this text. */
  searchTerm?: string | null;
  relation?: ThreadRelation | null;
  /** Answer from the index only, without a file scan (stores without an index ignore it). */
  useStateDbOnly?: boolean;
}

export interface ParsedListThreadsParams {
  pageSize: number;
  cursor: string | null;
  sortKey: ThreadSortKey;
  sortDirection: SortDirection;
  allowedSources: SessionSource[];
  /** `null` = the store's default rule. */
  modelProviders: string[] | null;
  /** `null` = every cwd. */
  cwdFilters: string[] | null;
  archived: boolean;
  searchTerm: string | null;
  relation: ParsedThreadRelation | null;
  useStateDbOnly: boolean;
}

const ThreadRelationSchema = z.union([
  z.strictObject({ directChildrenOf: ThreadIdParamSchema }),
  z.strictObject({ descendantsOf: ThreadIdParamSchema }),
]);

export const ListThreadsParamsSchema: z.ZodType<ParsedListThreadsParams, ListThreadsParams> = z.object({
  ...threadPageFieldSchemas,
  modelProviders: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? null),
  cwdFilters: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? null),
  searchTerm: z
    .string()
    .min(1, 'searchTerm must not be empty (omit it to list everything)')
    .nullish()
    .transform((v) => v ?? null),
  relation: ThreadRelationSchema.nullish().transform((v) => v ?? null),
  useStateDbOnly: z.boolean().default(false),
});

/** One page of a listing. `nextCursor` is `null` exactly when there is nothing after this page. */
export interface ThreadPage {
  items: StoredThread[];
  nextCursor: string | null;
}
