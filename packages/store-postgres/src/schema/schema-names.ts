import { ThreadStoreError } from '@threadkit/thread-store';

/** Lowercase identifiers only: they need no quoting rules beyond the double quotes we add. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const DEFAULT_SCHEMA = 'threadkit';

/**
 * The fully qualified names of the store's tables in one PostgreSQL schema.
 * Identifiers cannot be statement parameters, so the schema name is checked
 * against a strict pattern once, here, and only then spliced into SQL text.
 */
export interface SchemaNames {
  /** The bare schema name, e.g. `threadkit` (for catalogue lookups, passed as a parameter). */
  readonly schemaName: string;
  /** The quoted schema, e.g. `"threadkit"`. */
  readonly schema: string;
  readonly migrations: string;
  readonly threads: string;
  readonly items: string;
}

export function schemaNames(schemaName: string = DEFAULT_SCHEMA): SchemaNames {
  if (!SCHEMA_NAME.test(schemaName)) {
    throw ThreadStoreError.invalidRequest(
      `schema must be a lowercase PostgreSQL identifier (letters, digits, underscores; at most 63), got ${JSON.stringify(schemaName)}`,
      { field: 'schema' },
    );
  }
  const schema = `"${schemaName}"`;
  return {
    schemaName,
    schema,
    migrations: `${schema}.schema_migrations`,
    threads: `${schema}.threads`,
    items: `${schema}.thread_items`,
  };
}
