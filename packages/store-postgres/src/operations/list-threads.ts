import { cwdFilterKey, type ListThreadsParams, parseListThreadsParams, type ThreadPage } from '@threadkit/thread-store';
import { withConnectionRetry } from '../connection/retry';
import { keysetClauses, keysetPage } from '../rows/keyset';
import { listableConditions, metadataMatchCondition, sourceCondition } from '../rows/listing-conditions';
import { containsPattern, SqlParams } from '../rows/sql-params';
import { storedThreadFromRow, type ThreadRow, threadColumns } from '../rows/thread-row';
import type { StoreContext } from '../store-context';

/**
 * One page of threads: every filter of ListThreadsParams becomes a WHERE
 * condition, applied before the keyset so pages never skip filtered rows.
 */
export async function listThreads(ctx: StoreContext, params: ListThreadsParams): Promise<ThreadPage> {
  const parsed = parseListThreadsParams(params);
  const sql = new SqlParams();
  const keyset = keysetClauses(parsed, sql, 't');
  const conditions = listableConditions(parsed.archived, 't');
  const add = (condition: string | null) => {
    if (condition !== null) conditions.push(condition);
  };

  add(sourceCondition(parsed.allowedSources, sql, 't'));
  const providers =
    parsed.modelProviders ?? (ctx.defaultModelProvider === undefined ? [] : [ctx.defaultModelProvider]);
  if (providers.length > 0) {
    // A thread without a provider belongs to the default provider.
    add(
      `(CASE WHEN t.model_provider = '' THEN ${sql.bind(ctx.defaultModelProvider ?? '')} ELSE t.model_provider END) = ANY(${sql.bind(providers)}::text[])`,
    );
  }
  if (parsed.cwdFilters !== null) add(`t.cwd_key = ANY(${sql.bind(parsed.cwdFilters.map(cwdFilterKey))}::text[])`);
  if (parsed.searchTerm !== null) add(metadataMatchCondition(sql.bind(containsPattern(parsed.searchTerm)), 't'));

  let withClause = '';
  const relation = parsed.relation;
  if (relation !== null && 'directChildrenOf' in relation) {
    add(`t.parent_thread_id = ${sql.bind(relation.directChildrenOf)}::uuid`);
  } else if (relation !== null) {
    const ancestor = sql.bind(relation.descendantsOf);
    // UNION (not UNION ALL) drops ids already found, so a cycle of parents ends; the ancestor itself is not listed.
    withClause = `WITH RECURSIVE descendants(thread_id) AS (
        SELECT thread_id FROM ${ctx.names.threads} WHERE parent_thread_id = ${ancestor}::uuid
        UNION
        SELECT child.thread_id FROM ${ctx.names.threads} child JOIN descendants d ON child.parent_thread_id = d.thread_id
      ) `;
    add(`t.thread_id IN (SELECT thread_id FROM descendants)`);
    add(`t.thread_id <> ${ancestor}::uuid`);
  }
  add(keyset.after);

  const text = `${withClause}SELECT ${threadColumns('t')} FROM ${ctx.names.threads} t
    WHERE ${conditions.join(' AND ')} ${keyset.orderBy} ${keyset.limit}`;
  const rows = await withConnectionRetry(ctx.runner, { operation: 'listThreads' }, () =>
    ctx.runner.query<ThreadRow>(text, sql.values),
  );
  const page = keysetPage(rows, parsed);
  return { items: page.rows.map(storedThreadFromRow), nextCursor: page.nextCursor };
}
