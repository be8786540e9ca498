import { type SessionSource, SessionSourceSchema, sessionSourceLabel } from '@threadkit/protocol';
import { z } from 'zod';
import { decodeCursor, type CursorPosition, type SortDirection, type ThreadSortKey } from './cursor';
import { MAX_SEARCH_TERM_LENGTH, toFtsQuery } from './fts-query';
import { invalidRequest } from './errors';
import { parseOrThrow, ThreadIdSchema } from './validation';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 10_000;

/** Threads related through `parentThreadId`: immediate children, or the whole subtree (the ancestor excluded). */
export type ThreadRelation = { directChildrenOf: string } | { descendantsOf: string };

export interface ListIndexedThreadsParams {
  /** 1 to 10,000; default 25. */
  pageSize?: number;
  /** `nextCursor` of the previous page of the same query. */
  cursor?: string | null;
  /**
   * The same position in decoded form (for a store above that keeps its own
   * cursor format): resume strictly after this sort value and thread id.
   * Give `cursor` or `after`, not both.
   */
  after?: PagePosition | null;
  /** Default `created_at`. */
  sortKey?: ThreadSortKey;
  /** Default `desc` (newest first). */
  sortDirection?: SortDirection;
  /** List the archived threads instead of the active ones. Default false. */
  archived?: boolean;
  /** Only threads whose source has the same label (`sessionSourceLabel`). Empty or absent: all sources. */
  allowedSources?: readonly SessionSource[] | null;
  /**
   * Absent (or `null`): the default provider or no recorded provider. `[]`: all
   * providers. A list: those providers, plus threads with no recorded provider
   * when the list names the default provider.
   */
  modelProviders?: readonly string[] | null;
  /** Exact cwd values (normalise them as rows were normalised). Absent: all; `[]`: nothing. */
  cwdFilters?: readonly string[] | null;
  /** Words to find in name, title, preview or first user message (each a word or word prefix; all must appear). */
  searchTerm?: string | null;
  relation?: ThreadRelation | null;
}

/** Where a page ended: the last thread's sort value (epoch ms) and id. */
export interface PagePosition {
  value: number;
  threadId: string;
}

const RelationSchema = z.union([
  z.strictObject({ directChildrenOf: ThreadIdSchema }),
  z.strictObject({ descendantsOf: ThreadIdSchema }),
]);

export const PagePositionSchema = z.strictObject({
  value: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer'),
  threadId: ThreadIdSchema,
});

export const ListParamsSchema = z.strictObject({
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().nullish(),
  after: PagePositionSchema.nullish(),
  sortKey: z.enum(['created_at', 'updated_at', 'recency_at']).optional(),
  sortDirection: z.enum(['asc', 'desc']).optional(),
  archived: z.boolean().optional(),
  allowedSources: z.array(SessionSourceSchema).nullish(),
  modelProviders: z.array(z.string()).nullish(),
  cwdFilters: z.array(z.string()).nullish(),
  searchTerm: z.string().max(MAX_SEARCH_TERM_LENGTH).nullish(),
  relation: RelationSchema.nullish(),
});

export type ProviderFilter = 'any' | 'listed' | 'listed_or_missing';
export type RelationKind = 'none' | 'children' | 'descendants';

/** A validated query, split into what shapes the SQL and what is bound to it. */
export interface ListQuery {
  pageSize: number;
  sortKey: ThreadSortKey;
  direction: SortDirection;
  archived: boolean;
  cursor: CursorPosition | undefined;
  /** Source labels to keep; undefined = all. */
  sources: readonly string[] | undefined;
  providerFilter: ProviderFilter;
  /** Providers to keep (see `providerFilter`); undefined = all. */
  providers: readonly string[] | undefined;
  /** Cwds to keep; undefined = all (an empty list sets `matchesNothing`). */
  cwds: readonly string[] | undefined;
  /** The FTS5 query, when a search term was given. */
  ftsMatch: string | undefined;
  relation: RelationKind;
  relationThreadId: string | undefined;
  /** True when the filters cannot match anything (an empty cwd list, a term without words). */
  matchesNothing: boolean;
}

/**
 * Validates list parameters (`invalid_request` naming the field) and resolves
 * the defaults, including the default-provider rule.
 */
export function resolveListQuery(raw: unknown, defaultModelProvider: string, root = 'params'): ListQuery {
  const params = parseOrThrow(ListParamsSchema, raw ?? {}, root);
  const sortKey = params.sortKey ?? 'created_at';
  const direction = params.sortDirection ?? 'desc';
  if (params.cursor != null && params.after != null) {
    throw invalidRequest(`${root}.after`, 'give either cursor or after, not both');
  }
  let cursor: CursorPosition | undefined;
  if (params.cursor != null) {
    cursor = decodeCursor(params.cursor, { sortKey, direction }, `${root}.cursor`);
  } else if (params.after != null) {
    cursor = { sortKey, direction, valueMs: params.after.value, threadId: params.after.threadId };
  }

  let providerFilter: ProviderFilter = 'any';
  let providers: readonly string[] | undefined;
  if (params.modelProviders == null) {
    providerFilter = 'listed_or_missing';
    providers = [defaultModelProvider];
  } else if (params.modelProviders.length > 0) {
    providers = params.modelProviders;
    providerFilter = providers.includes(defaultModelProvider) ? 'listed_or_missing' : 'listed';
  }

  const sources = params.allowedSources?.length ? [...new Set(params.allowedSources.map(sessionSourceLabel))] : undefined;
  const term = params.searchTerm?.trim() ?? '';
  const ftsMatch = term === '' ? undefined : toFtsQuery(term);
  const relation = params.relation ?? undefined;

  return {
    pageSize: params.pageSize ?? DEFAULT_PAGE_SIZE,
    sortKey,
    direction,
    archived: params.archived ?? false,
    cursor,
    sources,
    providerFilter,
    providers: providerFilter === 'any' ? undefined : providers,
    cwds: params.cwdFilters ?? undefined,
    ftsMatch,
    relation: relation === undefined ? 'none' : 'directChildrenOf' in relation ? 'children' : 'descendants',
    relationThreadId:
      relation === undefined
        ? undefined
        : 'directChildrenOf' in relation
          ? relation.directChildrenOf
          : relation.descendantsOf,
    matchesNothing: params.cwdFilters?.length === 0 || (term !== '' && ftsMatch === undefined),
  };
}
