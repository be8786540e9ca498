import { ThreadStoreError } from '@threadkit/thread-store';
import type { SqlExecutor, SqlRunner } from '../connection/sql-runner';
import { advisoryLockKey } from '../writers/advisory-lock-key';
import type { SchemaNames } from './schema-names';

/** One step of the schema. Steps only ever move forward: a released step is never edited, only followed. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  statements(names: SchemaNames): string[];
}

const SORT_COLUMNS = ['created_at_ms', 'updated_at_ms', 'recency_at_ms'] as const;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'threads and thread items',
    statements: ({ threads, items }) => [
      // Timestamps are epoch milliseconds: exact, and the same numbers cursors carry.
      // JSON values are kept as text so they round-trip byte for byte (jsonb reorders keys).
      `CREATE TABLE ${threads} (
        thread_id uuid PRIMARY KEY,
        rollout_path text,
        forked_from_id uuid,
        parent_thread_id uuid,
        preview text NOT NULL DEFAULT '',
        explicit_name text,
        title text,
        model_provider text NOT NULL,
        model text,
        reasoning_effort text,
        created_at_ms bigint NOT NULL,
        updated_at_ms bigint NOT NULL,
        recency_at_ms bigint NOT NULL,
        archived_at_ms bigint,
        cwd text NOT NULL,
        cwd_key text NOT NULL,
        cli_version text NOT NULL,
        source_json text NOT NULL,
        thread_source text,
        history_mode text NOT NULL,
        agent_nickname text,
        agent_role text,
        agent_path text,
        git_commit_hash text,
        git_branch text,
        git_repository_url text,
        approval_mode_json text,
        permission_profile_json text,
        token_usage_json text,
        first_user_message text,
        memory_mode text NOT NULL
      )`,
      // One row per persisted history item, in replay order; `line` is the rollout line as Codex writes it.
      `CREATE TABLE ${items} (
        thread_id uuid NOT NULL REFERENCES ${threads} (thread_id) ON DELETE CASCADE,
        seq bigint NOT NULL CHECK (seq >= 0),
        line text NOT NULL,
        content_text text,
        PRIMARY KEY (thread_id, seq)
      )`,
      // Keyset pages walk (sort value, id) inside one collection: one index per sort key and collection.
      ...SORT_COLUMNS.flatMap((column) => [
        `CREATE INDEX threads_active_${column} ON ${threads} (${column}, thread_id) WHERE archived_at_ms IS NULL`,
        `CREATE INDEX threads_archived_${column} ON ${threads} (${column}, thread_id) WHERE archived_at_ms IS NOT NULL`,
      ]),
      `CREATE INDEX threads_parent ON ${threads} (parent_thread_id) WHERE parent_thread_id IS NOT NULL`,
    ],
  },
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

async function exists(tx: SqlExecutor, sql: string, params: unknown[]): Promise<boolean> {
  const rows = await tx.query<{ found: boolean }>(sql, params);
  return rows[0]?.found === true;
}

/**
 * Brings the schema to {@link SCHEMA_VERSION}, in one transaction, recording
 * each applied step in `schema_migrations`. Concurrent openers wait on a
 * transaction advisory lock, so each step runs once. A database migrated by
 * a newer release is refused rather than misread. Returns the version found
 * and the version reached.
 */
export async function migrateSchema(
  runner: SqlRunner,
  names: SchemaNames,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ from: number; to: number }> {
  const target = migrations[migrations.length - 1]?.version ?? 0;
  return runner.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryLockKey(names.schemaName, 'migrations')]);
    // Existence is checked first: CREATE ... IF NOT EXISTS still needs the CREATE privilege,
    // and a role may use a schema someone else prepared for it.
    if (!(await exists(tx, 'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [names.schemaName]))) {
      await tx.query(`CREATE SCHEMA ${names.schema}`);
    }
    if (!(await exists(tx, 'SELECT to_regclass($1) IS NOT NULL AS found', [names.migrations]))) {
      await tx.query(
        `CREATE TABLE ${names.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
    }
    const applied = await tx.query<{ version: number | string }>(`SELECT version FROM ${names.migrations}`);
    const from = applied.reduce((max, row) => Math.max(max, Number(row.version)), 0);
    if (from > target) {
      throw ThreadStoreError.unsupported(
        `schema ${names.schemaName} is at version ${from}, newer than this @threadkit/store-postgres understands (${target}); upgrade the package`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      for (const statement of migration.statements(names)) await tx.query(statement);
      await tx.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    return { from, to: Math.max(from, target) };
  });
}

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/** The table privileges the current role lacks on the store's tables, as `INSERT on "s".threads`. */
export async function missingPrivileges(runner: SqlExecutor, names: SchemaNames): Promise<string[]> {
  const rows = await runner.query<{ table_name: string; privilege: string; granted: boolean }>(
    `SELECT t.table_name, p.privilege, has_table_privilege(t.table_name, p.privilege) AS granted
       FROM unnest($1::text[]) AS t(table_name) CROSS JOIN unnest($2::text[]) AS p(privilege)`,
    [[names.threads, names.items], [...PRIVILEGES]],
  );
  return rows.filter((row) => row.granted !== true).map((row) => `${row.privilege} on ${row.table_name}`);
}
