import { ThreadStoreError } from '@threadkit/thread-store';
import pg from 'pg';
import { PgRunner } from './connection/pg-runner';
import { type PGliteDatabase, PGliteRunner } from './connection/pglite-runner';
import type { SqlRunner } from './connection/sql-runner';

/** Where the store keeps its data: a server (by URL or an existing pool) or an embedded PGlite. */
export type PostgresConnection =
  | {
      /** `postgres://user:password@host:5432/database?sslmode=require` */
      connectionString: string;
      /** Connections the store's own pool may open (default 10). One more is held while this instance has live writers. */
      poolSize?: number;
      /** How long to wait for a new connection before failing (default 10,000 ms). */
      connectTimeoutMs?: number;
    }
  | {
      /** A pool the application owns: the store borrows connections and never ends it. */
      pool: pg.Pool;
    }
  | {
      /** An embedded database (`new PGlite()` from `@electric-sql/pglite`). The application owns and closes it. */
      pglite: PGliteDatabase;
    };

/** `postgres://user@host:port/database`: the URL without password or query. */
function describeUrl(url: URL): string {
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `${url.protocol}//${user}${url.host}${url.pathname}`;
}

function parseConnectionString(connectionString: unknown): URL {
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    throw ThreadStoreError.invalidRequest('connectionString must be a postgres:// URL', { field: 'connectionString' });
  }
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch (cause) {
    // The message never repeats the string: it may carry a password.
    throw ThreadStoreError.invalidRequest('connectionString is not a valid URL (expected postgres://user@host:5432/db)', {
      field: 'connectionString',
      cause,
    });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw ThreadStoreError.invalidRequest(
      `connectionString must use postgres:// or postgresql://, not ${url.protocol}//`,
      { field: 'connectionString' },
    );
  }
  return url;
}

const positiveInteger = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** The runner for a connection option. Creates (and later ends) a pool for a connection string; connects nothing yet. */
export function openRunner(connection: PostgresConnection): SqlRunner {
  if ('pglite' in connection && connection.pglite) return new PGliteRunner(connection.pglite);
  if ('pool' in connection && connection.pool) {
    const options = (connection.pool as { options?: pg.PoolConfig }).options ?? {};
    const description =
      typeof options.connectionString === 'string'
        ? describeUrl(parseConnectionString(options.connectionString))
        : `postgres://${options.user ? `${options.user}@` : ''}${options.host ?? 'localhost'}:${options.port ?? 5432}/${options.database ?? ''}`;
    return new PgRunner(connection.pool, { description, ownsPool: false });
  }
  if (!('connectionString' in connection)) {
    throw ThreadStoreError.invalidRequest('open needs one of connectionString, pool or pglite', {
      field: 'connectionString',
    });
  }
  const url = parseConnectionString(connection.connectionString);
  const { poolSize = 10, connectTimeoutMs = 10_000 } = connection;
  if (!positiveInteger(poolSize)) {
    throw ThreadStoreError.invalidRequest('poolSize must be a positive whole number', { field: 'poolSize' });
  }
  if (!positiveInteger(connectTimeoutMs)) {
    throw ThreadStoreError.invalidRequest('connectTimeoutMs must be a positive whole number', {
      field: 'connectTimeoutMs',
    });
  }
  const pool = new pg.Pool({
    connectionString: connection.connectionString,
    // One extra connection for this instance's writer locks, so appends never wait for it.
    max: poolSize + 1,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: 'threadkit-store-postgres',
  });
  // An idle connection the server closes is an 'error' on the pool; the pool drops it and opens another when needed.
  pool.on('error', () => undefined);
  return new PgRunner(pool, { description: describeUrl(url), ownsPool: true });
}
