import { z } from 'zod';
import { invalidRequest } from './errors';
import type { IndexedThread } from './indexed-thread';
import { type ListIndexedThreadsParams, type ListQuery, type PagePosition, resolveListQuery } from './list-params';
import type { ListMode, ListStatementCache } from './list-statements';
import { queryPage } from './list-threads';
import { decodeThreadRow } from './thread-columns';
import { parseOrThrow } from './validation';

/** How matched words are marked in snippets. Defaults: `[`, `]`, `…`, 12 tokens. */
export interface SnippetOptions {
  open?: string;
  close?: string;
  ellipsis?: string;
  /** Words of context in a snippet, 1 to 64. */
  maxTokens?: number;
}

export interface SearchIndexedThreadsParams extends Omit<ListIndexedThreadsParams, 'searchTerm'> {
  /** Required: words that must all appear (each as a word or word prefix). */
  searchTerm: string;
  snippet?: SnippetOptions;
}

export interface ThreadSearchHit {
  thread: IndexedThread;
  /** The matching text with the matched words marked. */
  snippet: string;
}

export interface ThreadSearchPage {
  items: ThreadSearchHit[];
  nextCursor: string | null;
  nextAfter: PagePosition | null;
}

const SnippetOptionsSchema = z.strictObject({
  open: z.string().max(32).optional(),
  close: z.string().max(32).optional(),
  ellipsis: z.string().max(32).optional(),
  maxTokens: z.number().int().min(1).max(64).optional(),
});

function splitSearchParams(raw: unknown, defaultModelProvider: string): { query: ListQuery; bindings: Record<string, unknown> } {
  if (typeof raw !== 'object' || raw === null) throw invalidRequest('params', 'expected an object');
  const { snippet, ...listParams } = raw as SearchIndexedThreadsParams;
  const options = parseOrThrow(SnippetOptionsSchema, snippet ?? {}, 'params.snippet');
  if (typeof listParams.searchTerm !== 'string' || listParams.searchTerm.trim() === '') {
    throw invalidRequest('params.searchTerm', 'a non-empty search term is required');
  }
  const query = resolveListQuery(listParams, defaultModelProvider);
  return {
    query,
    bindings: {
      markOpen: options.open ?? '[',
      markClose: options.close ?? ']',
      ellipsis: options.ellipsis ?? '…',
      snippetTokens: options.maxTokens ?? 12,
    },
  };
}

/** Full-text search in the metadata (`metadata_search`) or in indexed messages (`message_search`). */
export function searchThreadPage(
  cache: ListStatementCache,
  raw: unknown,
  defaultModelProvider: string,
  mode: Exclude<ListMode, 'list'>,
): ThreadSearchPage {
  const { query, bindings } = splitSearchParams(raw, defaultModelProvider);
  const { rows, nextCursor, nextAfter } = queryPage(cache, query, mode, bindings);
  return {
    items: rows.map((row) => ({ thread: decodeThreadRow(row), snippet: row.snippet ?? '' })),
    nextCursor,
    nextAfter,
  };
}
