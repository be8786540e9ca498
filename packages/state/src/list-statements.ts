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
 * Which full-text index a search term is matched against: the thread
 * metadata (name, title, preview, first user message) or the opt-in message
 * text. The statement for `messages` also returns each row's `seq`, which the
 * snippet lookup needs.
 */
export type SearchTarget = 'metadata' | 'messages';

export interface ListRow extends ThreadColumns {
  /** Present for the `messages` target. */
  seq?: number;
}

/**
 * The unary `+` keeps the planner from driving the query off the full-text
 * hits: it walks the sort index and probes the hit set instead. Driving off
 * the hits would win for rare words but sort every hit for common ones (ten
 * times slower at 10,000 matches); the walk stays cheap either way.
 */
const SEARCH_CONDITIONS: Record<SearchTarget, string> = {
  metadata: '+t.seq IN (SELECT rowid FROM threads_fts WHERE threads_fts MATCH @match)',
  // A message's row id carries its thread's seq in the bits above the 20-bit position.
  messages: '+t.seq IN (SELECT rowid >> 20 FROM thread_messages_fts WHERE thread_messages_fts MATCH @match)',
};

function listShape(values: readonly string[] | undefined): string {
  if (values === undefined) return '';
  return values.length === 1 ? '1' : 'n';
}

/**
 * `column = @name` for one value (an equality the planner can use on an
 * index, e.g. the cwd indexes in sort order), else membership in a JSON
 * array bound as one parameter, so any number of values shares a statement.
 */
function memberOf(column: string, name: string, values: readonly string[]): string {
  return values.length === 1 ? `${column} = @${name}` : `${column} IN (SELECT value FROM json_each(@${name}))`;
}

function memberValue(values: readonly string[]): string {
  return values.length === 1 ? values[0]! : JSON.stringify(values);
}

/** What the SQL text depends on; everything else is a bound parameter. */
function shapeKey(query: ListQuery, target: SearchTarget): string {
  return [
    query.sortKey,
    query.direction,
    query.cursor ? 'c' : '',
    listShape(query.sources),
    query.providerFilter,
    listShape(query.providers),
    listShape(query.cwds),
    query.ftsMatch === undefined ? '' : 'f',
    query.relation,
    target,
  ].join('|');
}

function buildSql(query: ListQuery, target: SearchTarget): string {
  const sortColumn = `t.${SORT_COLUMNS[query.sortKey]}`;
  const descending = query.direction === 'desc';
  const conditions = ['t.archived = @archived', "t.preview <> ''"];
  if (query.sources !== undefined) conditions.push(memberOf('t.source_label', 'sources', query.sources));
  if (query.providers !== undefined) {
    const listed = memberOf('t.model_provider', 'providers', query.providers);
    conditions.push(query.providerFilter === 'listed_or_missing' ? `(${listed} OR t.model_provider IS NULL)` : listed);
  }
  if (query.cwds !== undefined) conditions.push(memberOf('t.cwd', 'cwds', query.cwds));
  if (query.ftsMatch !== undefined) conditions.push(SEARCH_CONDITIONS[target]);
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
  const extraColumn = target === 'messages' ? ', t.seq' : '';
  return (
    `${withClause}SELECT ${THREAD_SELECT_LIST}${extraColumn} FROM threads t ` +
    `WHERE ${conditions.join(' AND ')} ` +
    `ORDER BY ${sortColumn} ${order}, t.thread_id ${order} LIMIT @limit`
  );
}

/** The values bound to a statement built for `query`; a key per placeholder the shape uses. */
export function bindListQuery(query: ListQuery): Record<string, unknown> {
  const bound: Record<string, unknown> = { archived: query.archived ? 1 : 0, limit: query.pageSize + 1 };
  if (query.sources !== undefined) bound.sources = memberValue(query.sources);
  if (query.providers !== undefined) bound.providers = memberValue(query.providers);
  if (query.cwds !== undefined) bound.cwds = memberValue(query.cwds);
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

  get(query: ListQuery, target: SearchTarget = 'metadata'): Database.Statement<[Record<string, unknown>], ListRow> {
    const key = shapeKey(query, target);
    let statement = this.statements.get(key);
    if (statement === undefined) {
      if (this.statements.size >= MAX_CACHED_SHAPES) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
      statement = this.db.prepare<[Record<string, unknown>], ListRow>(buildSql(query, target));
      this.statements.set(key, statement);
    }
    return statement;
  }

  /** The SQL a query shape runs, for EXPLAIN in tests and benchmarks. */
  static sqlFor(query: ListQuery, target: SearchTarget = 'metadata'): string {
    return buildSql(query, target);
  }
}
