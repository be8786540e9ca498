import { decodeThreadListCursor, encodeThreadListCursor, type ThreadListCursor } from '../cursor';
import { parseListThreadsParams } from '../parse-params';
import type { ListThreadsParams, ParsedListThreadsParams, ThreadPage } from '../types/list-threads-params';
import { listThreadsFromFiles } from './list-threads-from-files';
import { reconcileIndex } from './reconcile-index';
import { normalizeCwd } from './rollout-paths';
import type { LocalStoreContext } from './store-context';
import { storedThreadFromRow } from './stored-threads';
import { asStoreErrors } from './to-store-error';

function listFromIndex(
  ctx: LocalStoreContext,
  params: ParsedListThreadsParams,
  after: ThreadListCursor | null,
): ThreadPage | undefined {
  const page = ctx.index?.use((index) =>
    index.listThreads({
      pageSize: params.pageSize,
      after: after ? { value: after.value, threadId: after.threadId } : null,
      sortKey: params.sortKey,
      sortDirection: params.sortDirection,
      archived: params.archived,
      allowedSources: params.allowedSources,
      modelProviders: params.modelProviders,
      cwdFilters: params.cwdFilters?.map(normalizeCwd) ?? null,
      searchTerm: params.searchTerm,
      relation: params.relation,
    }),
  );
  if (!page) return undefined;
  return {
    items: page.items.map((row) => storedThreadFromRow(row, ctx.names, ctx.defaultModelProvider)),
    nextCursor: page.nextAfter
      ? encodeThreadListCursor({
          sortKey: params.sortKey,
          sortDirection: params.sortDirection,
          value: page.nextAfter.value,
          threadId: page.nextAfter.threadId,
        })
      : null,
  };
}

/**
 * With an index: bring it in step with the rollouts (new and changed files
 * only; nothing with `useStateDbOnly`), then answer from it with keyset
 * paging. Without one, or when it fails: scan the files.
 */
export function listThreads(ctx: LocalStoreContext, params: ListThreadsParams): Promise<ThreadPage> {
  const parsed = parseListThreadsParams(params);
  const after = parsed.cursor
    ? decodeThreadListCursor(parsed.cursor, { sortKey: parsed.sortKey, sortDirection: parsed.sortDirection })
    : null;
  return asStoreErrors(undefined, async () => {
    if (ctx.index) {
      // Catching up refreshes the names too; a listing that skips it still needs current names.
      if (parsed.useStateDbOnly) await ctx.names.refresh();
      else await reconcileIndex(ctx);
      const page = listFromIndex(ctx, parsed, after);
      if (page) return page;
    }
    return listThreadsFromFiles(ctx, parsed, after);
  });
}
