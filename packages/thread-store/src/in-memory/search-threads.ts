import { sameSessionSource } from '@threadkit/protocol';
import type { ThreadHistoryItem } from '../types/common';
import type { ParsedSearchThreadsParams, ThreadSearchPage } from '../types/search-threads-params';
import { keysetPage } from './keyset-page';
import { listableRecords } from './list-threads';
import { storedThreadFromRecord, type ThreadRecord } from './thread-record';

const SNIPPET_CONTEXT = 60;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The human-readable texts of a history item: user and agent messages, message content. */
function textsOf(item: ThreadHistoryItem): string[] {
  const payload: unknown = item.payload;
  if (!isRecord(payload)) return [];
  if (item.type === 'event_msg' && (payload.type === 'user_message' || payload.type === 'agent_message')) {
    return typeof payload.message === 'string' ? [payload.message] : [];
  }
  if (item.type === 'response_item' && payload.type === 'message' && Array.isArray(payload.content)) {
    return payload.content.flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : []));
  }
  return [];
}

/** A one-line excerpt around the first case-insensitive occurrence of `term`, or null. */
export function snippetAround(text: string, term: string): string | null {
  const at = text.toLowerCase().indexOf(term.toLowerCase());
  if (at < 0) return null;
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + term.length + SNIPPET_CONTEXT);
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${excerpt}${end < text.length ? '…' : ''}`;
}

/** The snippet of the first match: metadata first (name, title, preview, first message), then history. */
function findSnippet(record: ThreadRecord, term: string): string | null {
  const { preview, firstUserMessage } = record.fields;
  for (const text of [record.explicitName, record.title, preview, firstUserMessage]) {
    const snippet = text ? snippetAround(text, term) : null;
    if (snippet !== null) return snippet;
  }
  for (const item of record.history) {
    for (const text of textsOf(item)) {
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
