import type { Migration } from './migration';

/**
 * The thread rows and the indexes that serve listing: every sort key by the
 * archived flag (optionally narrowed to a cwd), plus provider, source, parent
 * and rollout-path lookups. `seq` is an explicit rowid so it survives VACUUM
 * (full-text tables point at it).
 */
export const migration0001Threads: Migration = {
  version: 1,
  name: 'threads',
  sql: `
CREATE TABLE threads (
  seq INTEGER PRIMARY KEY,
  thread_id TEXT NOT NULL UNIQUE,
  rollout_path TEXT NOT NULL,
  forked_from_id TEXT,
  parent_thread_id TEXT,
  preview TEXT NOT NULL DEFAULT '',
  name TEXT,
  title TEXT,
  model_provider TEXT,
  model TEXT,
  reasoning_effort TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  recency_at_ms INTEGER NOT NULL,
  archived_at_ms INTEGER,
  archived INTEGER GENERATED ALWAYS AS (archived_at_ms IS NOT NULL) VIRTUAL,
  cwd TEXT NOT NULL DEFAULT '',
  cli_version TEXT NOT NULL DEFAULT '',
  source_json TEXT NOT NULL,
  source_label TEXT NOT NULL,
  thread_source TEXT,
  history_mode TEXT NOT NULL DEFAULT 'legacy',
  agent_nickname TEXT,
  agent_role TEXT,
  agent_path TEXT,
  git_commit_hash TEXT,
  git_branch TEXT,
  git_repository_url TEXT,
  approval_mode_json TEXT,
  permission_profile_json TEXT,
  token_usage_json TEXT,
  first_user_message TEXT,
  memory_mode TEXT
) STRICT;

CREATE INDEX threads_by_created ON threads (archived, created_at_ms, thread_id);
CREATE INDEX threads_by_updated ON threads (archived, updated_at_ms, thread_id);
CREATE INDEX threads_by_recency ON threads (archived, recency_at_ms, thread_id);
CREATE INDEX threads_by_cwd_created ON threads (archived, cwd, created_at_ms, thread_id);
CREATE INDEX threads_by_cwd_updated ON threads (archived, cwd, updated_at_ms, thread_id);
CREATE INDEX threads_by_cwd_recency ON threads (archived, cwd, recency_at_ms, thread_id);
CREATE INDEX threads_by_provider ON threads (model_provider);
CREATE INDEX threads_by_source ON threads (source_label);
CREATE INDEX threads_by_parent ON threads (parent_thread_id) WHERE parent_thread_id IS NOT NULL;
CREATE INDEX threads_by_rollout_path ON threads (rollout_path);
`,
};
