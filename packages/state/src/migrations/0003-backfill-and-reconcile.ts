import type { Migration } from './migration';

/**
 * Bookkeeping for indexing a whole home: the rollout file's size and mtime on
 * each row (so a reconcile pass re-reads only files that changed; rows from
 * before this step have none and count as changed), and a single backfill
 * state row that a crashed run resumes from.
 */
export const migration0003BackfillAndReconcile: Migration = {
  version: 3,
  name: 'backfill-and-reconcile',
  sql: `
ALTER TABLE threads ADD COLUMN rollout_size INTEGER;
ALTER TABLE threads ADD COLUMN rollout_mtime_ms INTEGER;

CREATE TABLE backfill_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'complete')),
  run_id TEXT,
  owner TEXT,
  watermark TEXT,
  processed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  started_at_ms INTEGER,
  heartbeat_at_ms INTEGER,
  completed_at_ms INTEGER
) STRICT;

INSERT INTO backfill_state (id, status) VALUES (1, 'pending');
`,
};
