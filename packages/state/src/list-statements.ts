import type Database from 'better-sqlite3';
import type { ThreadSortKey } from './cursor';
import type { ListQuery } from './list-params';
import { THREAD_SELECT_LIST, type ThreadColumns } from './thread-columns';

const SORT_COLUMNS: Record<ThreadSortKey, string> = {
  created_at: 'created_at_ms',
  updated_at: 'updated_at_ms',
  recency_at: 'recency_at_ms',
};

/**
 * `list`: rows only, a search term filters on the metadata full-text index.
 * `metadata_search`: the same, plus a snippet of the best matching field.
 * `message_search`: the term must match an indexed message of the thread; the
 * snippet comes from its earliest matching message.
 */
export type ListMode = 'list' | 'metadata_search' | 'message_search';

export interface ListRow extends ThreadColumns {
  /** Present for the search modes. */
  snippet?: string | null;
}

const MESSAGE_HITS =
  'thread_messages_fts JOIN thread_messages m ON m.seq = thread_messages_fts.rowid WHERE thread_messages_fts MATCH @match';

const SEARCH_CONDITIONS: Record<ListMode, string> = {
  list: 't.seq IN (SELECT rowid FROM threads_fts WHERE threads_fts MATCH @match)',
  metadata_search: 'threads_fts MATCH @match',
  message_search: `t.seq IN (SELECT m.thread_seq FROM ${MESSAGE_HITS})`,
};

const SNIPPET_COLUMNS: Record<ListMode, string> = {
  list: '',
  // Column -1: FTS5 picks the field that matched best.
  metadata_search: ', snippet(threads_fts, -1, @markOpen, @markClose, @ellipsis, @snippetTokens) AS snippet',
  // Only for the rows of this page: one small FTS lookup per returned thread.
  message_search:
    ', (SELECT snippet(thread_messages_fts, 0, @markOpen, @markClose, @ellipsis, @snippetTokens) ' +
    `FROM ${MESSAGE_HITS} AND m.thread_seq = t.seq ORDER BY m.position LIMIT 1) AS snippet`,
};

/** What the SQL text depends on; everything else is a bound parameter. */
function shapeKey(query: ListQuery, mode: ListMode): string {
  return [
    query.sortKey,
    query.direction,
    query.cursor ? 'c' : '',
    query.sourcesJson === undefined ? '' : 's',
    query.providerFilter,
    query.cwdsJson === undefined ? '' : 'w',
    query.cwd === undefined ? '' : '1',
    query.ftsMatch === undefined ? '' : 'f',
    query.relation,
    mode,
  ].join('|');
}

function buildSql(query: ListQuery, mode: ListMode): string {
  const sortColumn = `t.${SORT_COLUMNS[query.sortKey]}`;
  const descending = query.direction === 'desc';
  const conditions = ['t.archived = @archived', "t.preview <> ''"];
  if (query.sourcesJson !== undefined) conditions.push('t.source_label IN (SELECT value FROM json_each(@sources))');
  if (query.providerFilter === 'listed') {
    conditions.push('t.model_provider IN (SELECT value FROM json_each(@providers))');
  } else if (query.providerFilter === 'listed_or_missing') {
    conditions.push('(t.model_provider IN (SELECT value FROM json_each(@providers)) OR t.model_provider IS NULL)');
  }
  if (query.cwdsJson !== undefined) conditions.push('t.cwd IN (SELECT value FROM json_each(@cwds))');
  if (query.cwd !== undefined) conditions.push('t.cwd = @cwd');
  if (query.ftsMatch !== undefined) conditions.push(SEARCH_CONDITIONS[mode]);
  if (query.relation === 'children') conditions.push('t.parent_thread_id = @relationId');
  if (query.relation === 'descendants') {
    conditions.push('t.thread_id IN (SELECT id FROM descendants)', 't.thread_id <> @relationId');
  }
  if (query.cursor) {
    conditions.push(`(${sortColumn}, t.thread_id) ${descending ? '<' : '>'} (@cursorValue, @cursorId)`);
  }
  const order = descending ? 'DESC' : 'ASC';
  const withClause =
    query.relation === 'descendants'
      ? // UNION (not UNION ALL) ends the walk even if parent links form a cycle.
        'WITH RECURSIVE descendants(id) AS (' +
        'SELECT thread_id FROM threads WHERE parent_thread_id = @relationId ' +
        'UNION SELECT c.thread_id FROM threads c JOIN descendants d ON c.parent_thread_id = d.id) '
      : '';
  const snippetColumn = SNIPPET_COLUMNS[mode];
  const from = mode === 'metadata_search' ? 'threads t JOIN threads_fts ON threads_fts.rowid = t.seq' : 'threads t';
  return (
    `${withClause}SELECT ${THREAD_SELECT_LIST}${snippetColumn} FROM ${from} ` +
    `WHERE ${conditions.join(' AND ')} ` +
    `ORDER BY ${sortColumn} ${order}, t.thread_id ${order} LIMIT @limit`
  );
}

/** The values bound to a statement built for `query`; a key per placeholder the shape uses. */
export function bindListQuery(query: ListQuery): Record<string, unknown> {
  const bound: Record<string, unknown> = { archived: query.archived ? 1 : 0, limit: query.pageSize + 1 };
  if (query.sourcesJson !== undefined) bound.sources = query.sourcesJson;
  if (query.providersJson !== undefined && query.providerFilter !== 'any') bound.providers = query.providersJson;
  if (query.cwdsJson !== undefined) bound.cwds = query.cwdsJson;
  if (query.cwd !== undefined) bound.cwd = query.cwd;
  if (query.ftsMatch !== undefined) bound.match = query.ftsMatch;
  if (query.relation !== 'none') bound.relationId = query.relationThreadId;
  if (query.cursor) {
    bound.cursorValue = query.cursor.valueMs;
    bound.cursorId = query.cursor.threadId;
  }
  return bound;
}

const MAX_CACHED_SHAPES = 256;

/**
 * One prepared statement per filter shape, prepared on first use and kept, so
 * a repeated listing costs a map lookup plus the query itself.
 */
export class ListStatementCache {
  private readonly statements = new Map<string, Database.Statement<[Record<string, unknown>], ListRow>>();

  constructor(private readonly db: Database.Database) {}

  get(query: ListQuery, mode: ListMode = 'list'): Database.Statement<[Record<string, unknown>], ListRow> {
    const key = shapeKey(query, mode);
    let statement = this.statements.get(key);
    if (statement === undefined) {
      if (this.statements.size >= MAX_CACHED_SHAPES) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
      statement = this.db.prepare<[Record<string, unknown>], ListRow>(buildSql(query, mode));
      this.statements.set(key, statement);
    }
    return statement;
  }

  /** The SQL a query shape runs, for EXPLAIN in tests and benchmarks. */
  static sqlFor(query: ListQuery, mode: ListMode = 'list'): string {
    return buildSql(query, mode);
  }
}
