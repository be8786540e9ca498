import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { encodeCursor, type ThreadSortKey } from './cursor';
import { resolveListQuery } from './list-params';
import { bindListQuery, ListStatementCache, type SearchTarget } from './list-statements';
import { openDatabase } from './open-database';
import { useTempHomes } from './test-support/temp-home';

const { makeHome } = useTempHomes();

/** Enough rows, all matching `common`, for ANALYZE to give the planner real statistics. */
function seedStatistics(db: Database.Database): void {
  const insert = db.prepare(
    "INSERT INTO threads (thread_id, rollout_path, preview, created_at_ms, updated_at_ms, recency_at_ms, source_json, source_label) VALUES (?, '/r', 'common words here', ?, ?, ?, '\"cli\"', 'cli')",
  );
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(randomUUID(), i, i, i);
  })();
  db.exec('ANALYZE');
}

function planFor(params: Record<string, unknown>, target: SearchTarget = 'metadata'): string {
  const db = openDatabase(join(makeHome(), 'plan.sqlite'));
  try {
    seedStatistics(db);
    const query = resolveListQuery(params, 'openai');
    const sql = ListStatementCache.sqlFor(query, target);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bindListQuery(query)) as { detail: string }[];
    return plan.map((step) => step.detail).join('\n');
  } finally {
    db.close();
  }
}

describe('list statements', () => {
  it.each<ThreadSortKey>(['created_at', 'updated_at', 'recency_at'])(
    'walk an index in %s order without sorting, first page and next pages',
    (sortKey) => {
      const first = planFor({ sortKey });
      expect(first).toMatch(/USING INDEX threads_by_/);
      expect(first).not.toMatch(/TEMP B-TREE/);
      const cursor = encodeCursor({ sortKey, direction: 'desc', valueMs: 1, threadId: randomUUID() });
      const next = planFor({ sortKey, cursor });
      expect(next).toMatch(/USING INDEX threads_by_\w+ \(archived=\? AND \(\w+,thread_id\)<\(\?,\?\)\)/);
      expect(next).not.toMatch(/TEMP B-TREE/);
    },
  );

  it.each<SearchTarget>(['metadata', 'messages'])(
    'with a %s search term still walk the sort index, even when statistics say most rows match',
    (target) => {
      const plan = planFor({ searchTerm: 'common' }, target);
      expect(plan).toMatch(/SEARCH t USING INDEX threads_by_created/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    },
  );

  it('use the cwd index for a single cwd, in sort order', () => {
    const plan = planFor({ cwdFilters: ['/p'] });
    expect(plan).toMatch(/USING INDEX threads_by_cwd_created \(archived=\? AND cwd=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('share one prepared statement per filter shape', () => {
    const db = openDatabase(join(makeHome(), 'cache.sqlite'));
    try {
      const cache = new ListStatementCache(db);
      const a = cache.get(resolveListQuery({ cwdFilters: ['/a'] }, 'openai'));
      const b = cache.get(resolveListQuery({ cwdFilters: ['/b'], pageSize: 3 }, 'openai'));
      const c = cache.get(resolveListQuery({ cwdFilters: ['/a'], sortDirection: 'asc' }, 'openai'));
      const d = cache.get(resolveListQuery({ cwdFilters: ['/a', '/b'] }, 'openai'));
      const e = cache.get(resolveListQuery({ cwdFilters: ['/c', '/d', '/e'] }, 'openai'));
      expect(d).toBe(e);
      expect(d).not.toBe(a);
      expect(a).toBe(b);
      expect(a).not.toBe(c);
    } finally {
      db.close();
    }
  });
});
