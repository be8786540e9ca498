/**
 * @threadkit/store-postgres — a ThreadStore on PostgreSQL (`pg`) or on an
 * embedded PGlite. Open it with `PostgresThreadStore.open(...)` and use it
 * wherever a ThreadStore goes (core's ThreadManager, LiveThread, the
 * conformance suite).
 */
export type { PGliteDatabase } from './connection/pglite-runner';
export type { PostgresConnection } from './open-runner';
export type { ImportConflictPolicy, ImportThreadParams, ImportThreadResult } from './operations/import-thread';
export { PostgresThreadStore, type PostgresThreadStoreOptions } from './postgres-thread-store';
