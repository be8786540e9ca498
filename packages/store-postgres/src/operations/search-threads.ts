import {
  parseSearchThreadsParams,
  type SearchThreadsParams,
  snippetAround,
  type ThreadSearchPage,
} from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import { keysetClauses, keysetPage } from '../rows/keyset';
import { listableConditions, metadataMatchCondition, sourceCondition } from '../rows/listing-conditions';
import { containsPattern, SqlParams } from '../rows/sql-params';
import { storedThreadFromRow, type ThreadRow, threadColumns } from '../rows/thread-row';
import type { StoreContext } from '../store-context';

// As long as a snippet around a match (60 characters either side).
const FALLBACK_SNIPPET_LENGTH = 120;

interface SearchRow extends ThreadRow {
  matched_content: string | null;
}

/** The snippet of the first match: metadata first (name, title, preview, first message), then message content. */
function snippetFor(row: SearchRow, term: string): string {
  for (const text of [row.explicit_name, row.title, row.preview, row.first_user_message, row.matched_content]) {
    const snippet = text ? snippetAround(text, term) : null;
    if (snippet !== null) return snippet;
  }
  // The database matched with its own case folding; show the start of what matched.
  return (row.matched_content ?? row.preview).slice(0, FALLBACK_SNIPPET_LENGTH);
}

/**
 * Threads whose metadata (name, title, preview, first user message) or
 * message content (user and agent messages, model message text) contains
 * the term, case-insensitively (ILIKE), sorted and paged like a listing,
 * each with a snippet around the first match.
 */
export async function searchThreads(ctx: StoreContext, params: SearchThreadsParams): Promise<ThreadSearchPage> {
  const parsed = parseSearchThreadsParams(params);
  const term = parsed.searchTerm.trim();
  const sql = new SqlParams();
  const keyset = keysetClauses(parsed, sql, 't');
  const pattern = sql.bind(containsPattern(term));
  const { threads, items } = ctx.names;
  const contentMatch = `SELECT i.content_text FROM ${items} i
      WHERE i.thread_id = t.thread_id AND i.content_text ILIKE ${pattern} ESCAPE '\\' ORDER BY i.seq LIMIT 1`;
  const conditions = listableConditions(parsed.archived, 't');
  const sources = sourceCondition(parsed.allowedSources, sql, 't');
  if (sources !== null) conditions.push(sources);
  conditions.push(`(${metadataMatchCondition(pattern, 't')} OR EXISTS (${contentMatch}))`);
  if (keyset.after !== null) conditions.push(keyset.after);

  const text = `SELECT ${threadColumns('t')}, (${contentMatch}) AS matched_content FROM ${threads} t
    WHERE ${conditions.join(' AND ')} ${keyset.orderBy} ${keyset.limit}`;
  const rows = await withConnectionRetry(ctx.runner, { operation: 'searchThreads' }, () =>
    ctx.runner.query<SearchRow>(text, sql.values),
  );
  const page = keysetPage(rows, parsed);
  return {
    items: page.rows.map((row) => ({ thread: storedThreadFromRow(row), snippet: snippetFor(row, term) })),
    nextCursor: page.nextCursor,
  };
}
