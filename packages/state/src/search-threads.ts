import { z } from 'zod';
import { invalidRequest } from './errors';
import type { IndexedThread } from './indexed-thread';
import { type ListIndexedThreadsParams, type PagePosition, resolveListQuery } from './list-params';
import type { ListStatementCache, SearchTarget } from './list-statements';
import { queryPage } from './list-threads';
import { makeSnippet, type SnippetMarks, searchTokens } from './snippet';
import { decodeThreadRow } from './thread-columns';
import type { ThreadMessages } from './thread-messages';
import { parseOrThrow } from './validation';

/** How matched words are marked in snippets. Defaults: `[`, `]`, `…`, 12 words. */
export interface SnippetOptions {
  open?: string;
  close?: string;
  ellipsis?: string;
  /** Words in a snippet, 1 to 64. */
  maxTokens?: number;
}

export interface SearchIndexedThreadsParams extends Omit<ListIndexedThreadsParams, 'searchTerm'> {
  /** Required: words that must all appear (each as a word or the start of one). */
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

/**
 * One page of threads whose metadata (`metadata`) or indexed messages
 * (`messages`) contain every search word, in the listing's sort order, each
 * with a snippet of the text that matched: the best matching metadata field,
 * or the thread's earliest matching message.
 */
export function searchThreadPage(
  cache: ListStatementCache,
  messages: ThreadMessages,
  raw: unknown,
  defaultModelProvider: string,
  target: SearchTarget,
): ThreadSearchPage {
  if (typeof raw !== 'object' || raw === null) throw invalidRequest('params', 'expected an object');
  const { snippet, ...listParams } = raw as SearchIndexedThreadsParams;
  const options = parseOrThrow(SnippetOptionsSchema, snippet ?? {}, 'params.snippet');
  if (typeof listParams.searchTerm !== 'string' || listParams.searchTerm.trim() === '') {
    throw invalidRequest('params.searchTerm', 'a non-empty search term is required');
  }
  const query = resolveListQuery(listParams, defaultModelProvider);
  const marks: SnippetMarks = {
    open: options.open ?? '[',
    close: options.close ?? ']',
    ellipsis: options.ellipsis ?? '…',
    maxTokens: options.maxTokens ?? 12,
  };
  const { rows, nextCursor, nextAfter } = queryPage(cache, query, target);
  const tokens = searchTokens(listParams.searchTerm);
  const messageTexts =
    target === 'messages' && query.ftsMatch !== undefined
      ? messages.earliestMatches(
          query.ftsMatch,
          rows.map((row) => row.seq!),
        )
      : undefined;
  const items = rows.map((row) => {
    const texts =
      messageTexts === undefined
        ? [row.name, row.title, row.preview, row.first_user_message]
        : [messageTexts.get(row.seq!) ?? null];
    return { thread: decodeThreadRow(row), snippet: makeSnippet(texts, tokens, marks) };
  });
  return { items, nextCursor, nextAfter };
}
