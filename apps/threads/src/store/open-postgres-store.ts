import type { PostgresThreadStore } from '@threadkit/store-postgres';
import { isThreadStoreError } from '@threadkit/thread-store';
import { CliError } from '../errors';
import type { MigrationTarget } from '../migrate/copy-thread';

export interface OpenPostgresOptions {
  /** `postgres://user@host:5432/database`, as given to `--to`. */
  connectionString: string;
  /** The schema of the store's tables. */
  schema: string;
}

/** A PostgreSQL store opened for a migration, closed by the CLI when the command ends. */
export interface OpenedTarget {
  target: MigrationTarget;
  close(): Promise<void>;
}

export type PostgresOpener = (options: OpenPostgresOptions) => Promise<OpenedTarget>;

/**
 * Opens a PostgresThreadStore: connects, creates or migrates its schema and
 * checks the role's privileges, so a wrong URL, an unreachable server or a
 * missing privilege fails here, before anything is copied. Threads are copied
 * one at a time: two connections are plenty. The store (and pg) is loaded
 * only here, so the other commands do not pay for it at start-up.
 */
export const openPostgresStore: PostgresOpener = async ({ connectionString, schema }) => {
  const { PostgresThreadStore } = await import('@threadkit/store-postgres');
  let store: PostgresThreadStore;
  try {
    store = await PostgresThreadStore.open({ connectionString, schema, poolSize: 2 });
  } catch (error) {
    throw openError(error);
  }
  return { target: store, close: () => store.close() };
};

/**
 * The store's open errors, worded for the command line: without the store's
 * own prefixes, `--to` for the URL. They never repeat the URL's password.
 */
export function openError(error: unknown): unknown {
  if (!isThreadStoreError(error)) return error;
  const message = error.message
    .replace(/^(invalid thread-store request|thread-store [a-z ]+?):\s*/, '')
    .replace(/^open failed on /, 'cannot open ')
    .replace(/^open:\s*/, '');
  if (error.field === 'connectionString') return new CliError(`--to ${message.replace(/^connectionString\s*/, '')}`);
  return new CliError(message);
}

/** The URL without its password and query, for messages: `postgres://user@host:5432/database`. */
export function describeDatabaseUrl(connectionString: string): string {
  const url = new URL(connectionString);
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}`;
}
