import type { SqlRunner } from './connection/sql-runner';
import type { SchemaNames } from './schema/schema-names';
import type { LiveWriter } from './writers/live-writer';
import type { WriterLocks } from './writers/writer-locks';

/** What every store operation works with: one store instance's database, tables, locks and live writers. */
export interface StoreContext {
  readonly runner: SqlRunner;
  readonly names: SchemaNames;
  readonly locks: WriterLocks;
  /** This instance's live writers by thread id (including ones being released). */
  readonly writers: Map<string, LiveWriter>;
  /** Ids whose writer this instance is opening right now. */
  readonly opening: Set<string>;
  /** The provider `listThreads` keeps when `modelProviders` is absent; undefined = every provider. */
  readonly defaultModelProvider: string | undefined;
  readonly now: () => Date;
}
