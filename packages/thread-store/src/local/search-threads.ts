import type { ThreadId } from '@threadkit/protocol';
import { existingRolloutFile } from '@threadkit/rollout';
import { decodeThreadListCursor, encodeThreadListCursor, type ThreadListCursor } from '../cursor';
import { parseSearchThreadsParams } from '../parse-params';
import type {
  ParsedSearchThreadsParams,
  SearchThreadsParams,
  StoredThreadSearchResult,
  ThreadSearchPage,
} from '../types/search-threads-params';
import type { StoredThread } from '../types/stored-thread';
import { snippetAround } from '../search-text';
import { findInMessages } from './content-search';
import { fileSortKey, listRolloutPage, sortValueOf, storedThreadFromListed } from './list-threads-from-files';
import { reconcileIndex } from './reconcile-index';
import type { LocalStoreContext } from './store-context';
import { storedThreadFromRow } from './stored-threads';
import { asStoreErrors } from './to-store-error';

const CANDIDATE_PAGE = 200;

/** A thread in search order, with what is needed to match it before building the whole thread. */
interface Candidate {
  threadId: ThreadId;
  path: string;
  /** The position after it: its sort value and the id the listing pages by. */
  value: number;
  positionId: ThreadId;
  texts: Array<string | null | undefined>;
  thread: () => Promise<StoredThread | undefined>;
}

/** Listable threads of the collection, in the search's order, after `after`: from the index. */
async function* indexCandidates(
  ctx: LocalStoreContext,
  params: ParsedSearchThreadsParams,
  after: ThreadListCursor | null,
): AsyncGenerator<Candidate> {
  let position = after ? { value: after.value, threadId: after.threadId } : null;
  for (;;) {
    const page = ctx.index?.use((index) =>
      index.listThreads({
        pageSize: CANDIDATE_PAGE,
        after: position,
        sortKey: params.sortKey,
        sortDirection: params.sortDirection,
        archived: params.archived,
        allowedSources: params.allowedSources,
        modelProviders: [],
      }),
    );
    if (!page) return;
    for (const row of page.items) {
      const thread = storedThreadFromRow(row, ctx.names, ctx.defaultModelProvider);
      const value =
        params.sortKey === 'created_at' ? row.createdAt : params.sortKey === 'updated_at' ? row.updatedAt : row.recencyAt;
      yield {
        threadId: row.threadId,
        path: row.rolloutPath,
        value: value.getTime(),
        positionId: row.threadId,
        texts: [thread.name, row.name, row.title, row.preview, row.firstUserMessage],
        thread: async () => thread,
      };
    }
    if (!page.nextAfter) return;
    position = page.nextAfter;
  }
}

/** The same from the files. */
async function* fileCandidates(
  ctx: LocalStoreContext,
  params: ParsedSearchThreadsParams,
  after: ThreadListCursor | null,
): AsyncGenerator<Candidate> {
  const key = fileSortKey(params.sortKey);
  let position = after;
  for (;;) {
    const page = await listRolloutPage(ctx, {
      archived: params.archived,
      sortKey: params.sortKey,
      sortDirection: params.sortDirection,
      pageSize: CANDIDATE_PAGE,
      after: position,
      allowedSources: params.allowedSources,
      modelProviders: [],
      cwdFilters: null,
    });
    for (const item of page.items) {
      yield {
        threadId: item.threadId,
        path: item.path,
        value: sortValueOf(item, key),
        positionId: item.rolloutId as ThreadId,
        texts: [ctx.names.explicitName(item.threadId), item.preview, item.firstUserMessage],
        thread: () => storedThreadFromListed(ctx, item),
      };
    }
    if (page.nextCursor === null) return;
    position = decodeThreadListCursor(page.nextCursor, { sortKey: params.sortKey, sortDirection: params.sortDirection });
  }
}

/**
 * Finds threads whose name, title, preview or first message, or whose
 * conversation (user and agent messages, message content), contains the
 * term, case-insensitively; paged like a listing. With an index, metadata
 * matches come from its full-text search; messages are searched in the
 * rollout files, skipping files whose bytes cannot contain the term.
 */
export function searchThreads(ctx: LocalStoreContext, params: SearchThreadsParams): Promise<ThreadSearchPage> {
  const parsed = parseSearchThreadsParams(params);
  const after = parsed.cursor
    ? decodeThreadListCursor(parsed.cursor, { sortKey: parsed.sortKey, sortDirection: parsed.sortDirection })
    : null;
  const term = parsed.searchTerm.trim();
  const needle = term.toLowerCase();
  return asStoreErrors(undefined, async () => {
    let metadataHits = new Map<string, string>();
    let candidates: AsyncGenerator<Candidate>;
    if (ctx.index?.available) {
      await reconcileIndex(ctx);
      await ctx.names.refresh();
      const fts = ctx.index.use((index) =>
        index.searchThreads({
          searchTerm: term,
          pageSize: parsed.pageSize + 1,
          after: after ? { value: after.value, threadId: after.threadId } : null,
          sortKey: parsed.sortKey,
          sortDirection: parsed.sortDirection,
          archived: parsed.archived,
          allowedSources: parsed.allowedSources,
          modelProviders: [],
        }),
      );
      metadataHits = new Map(fts?.items.map((hit) => [hit.thread.threadId, hit.snippet]) ?? []);
      candidates = indexCandidates(ctx, parsed, after);
    } else {
      await ctx.names.refresh();
      candidates = fileCandidates(ctx, parsed, after);
    }

    const hits: Array<StoredThreadSearchResult & { value: number; positionId: ThreadId }> = [];
    try {
      for await (const candidate of candidates) {
        let snippet = metadataHits.get(candidate.threadId);
        for (const text of candidate.texts) {
          if (snippet !== undefined) break;
          if (text) snippet = snippetAround(text, needle) ?? undefined;
        }
        if (snippet === undefined) {
          const file = await existingRolloutFile(candidate.path);
          if (file) snippet = await findInMessages(file.actualPath, needle);
        }
        if (snippet === undefined) continue;
        const thread = await candidate.thread();
        if (!thread) continue;
        hits.push({ thread, snippet, value: candidate.value, positionId: candidate.positionId });
        if (hits.length > parsed.pageSize) break;
      }
    } finally {
      await candidates.return(undefined);
    }
    const more = hits.length > parsed.pageSize;
    if (more) hits.length = parsed.pageSize;
    const last = hits[hits.length - 1];
    return {
      items: hits.map(({ thread, snippet }) => ({ thread, snippet })),
      nextCursor:
        more && last
          ? encodeThreadListCursor({
              sortKey: parsed.sortKey,
              sortDirection: parsed.sortDirection,
              value: last.value,
              threadId: last.positionId,
            })
          : null,
    };
  });
}
