import { migration0001Threads } from './0001-threads';
import { migration0002ThreadSearch } from './0002-thread-search';
import { migration0003BackfillAndReconcile } from './0003-backfill-and-reconcile';
import { migration0004MessageSearch } from './0004-message-search';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every schema step, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001Threads,
  migration0002ThreadSearch,
  migration0003BackfillAndReconcile,
  migration0004MessageSearch,
];

/** The schema version this code writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;
