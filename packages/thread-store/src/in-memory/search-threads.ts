import { sameSessionSource } from '@threadkit/protocol';
import { searchableTexts, snippetAround } from '../search-text';
import type { ParsedSearchThreadsParams, ThreadSearchPage } from '../types/search-threads-params';
import { keysetPage } from './keyset-page';
import { listableRecords } from './list-threads';
import { storedThreadFromRecord, type ThreadRecord } from './thread-record';

/** The snippet of the first match: metadata first (name, title, preview, first message), then history. */
function findSnippet(record: ThreadRecord, term: string): string | null {
  const { preview, firstUserMessage } = record.fields;
  for (const text of [record.explicitName, record.title, preview, firstUserMessage]) {
    const snippet = text ? snippetAround(text, term) : null;
    if (snippet !== null) return snippet;
  }
  for (const item of record.history) {
    for (const text of searchableTexts(item)) {
      const snippet = snippetAround(text, term);
      if (snippet !== null) return snippet;
    }
  }
  return null;
}

export function searchThreadRecords(all: readonly ThreadRecord[], params: ParsedSearchThreadsParams): ThreadSearchPage {
  const term = params.searchTerm.trim();
  const snippets = new Map<ThreadRecord, string>();
  const candidates = listableRecords(all, params.archived).filter((record) => {
    const { source } = record.fields;
    if (params.allowedSources.length > 0 && !params.allowedSources.some((s) => sameSessionSource(s, source))) {
      return false;
    }
    const snippet = findSnippet(record, term);
    if (snippet === null) return false;
    snippets.set(record, snippet);
    return true;
  });
  const page = keysetPage(candidates, params);
  return {
    items: page.records.map((record) => ({
      thread: storedThreadFromRecord(record, false),
      snippet: snippets.get(record)!,
    })),
    nextCursor: page.nextCursor,
  };
}
