/**
 * One forward-only schema step. The SQL of a released migration never changes:
 * databases in the field were built by exactly that text, and the tests build
 * every older version from it to prove the upgrade path.
 */
export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; consecutive from 1. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
